/**
 * Failures of the way to GitHub rather than answers from it: a circuit that is open, a server
 * that is not the GitHub API, a link that leads away from api-url, a cancelled request. Their
 * messages name api-url and what to do, never a header or the token.
 */
import { ActionError } from '../errors.js'

export type TransportFailure = 'circuit-open' | 'not-api' | 'off-api-url' | 'pagination' | 'cancelled'

export class TransportError extends ActionError {
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}
