/**
 * Errors the action reports. Every message is written for the person reading the failed step:
 * what went wrong, with which input or request, and what to do about it. No message carries a
 * secret: API errors are rebuilt from the status and GitHub's own message, never from the
 * request (whose headers hold the token).
 */

/** A bad or missing input. Thrown before any request is sent. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string,
    /** Longer help for the log (a list of the valid values): the message itself stays short. */
    readonly logDetail?: string,
  ) {
    super(`Input '${input}': ${detail}`)
    this.name = 'InputError'
  }
}

/** A failure the user can act on (not found, ambiguous name, conflict...). */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ActionError'
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
