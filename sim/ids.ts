/**
 * Ids of the simulator's objects. Each kind has its own range (runners from 1001, organizations
 * from 100001, ...) so that a test mixing up two kinds of id fails instead of passing by accident.
 * Network configurations and network settings have GitHub's opaque string ids instead.
 */
import { createHash } from 'node:crypto'

/** Every organization and enterprise has runner group 1, "Default". */
export const DEFAULT_GROUP_ID = 1

export type IdKind =
  | 'enterprise'
  | 'org'
  | 'repo'
  | 'runner'
  | 'group'
  | 'hosted'
  | 'image'
  | 'label'
  | 'installation'
  | 'user'
  | 'network-configuration'
  | 'network-settings'

export class Ids {
  private readonly next: Record<IdKind, number> = {
    enterprise: 7001,
    org: 100001,
    repo: 500001,
    runner: 1001,
    group: 2,
    hosted: 301,
    image: 11,
    label: 101,
    installation: 40001,
    user: 800001,
    'network-configuration': 1,
    'network-settings': 1,
  }

  /** `wanted` if given (an error when taken), else the next free id of the kind. */
  take(kind: IdKind, wanted: number | undefined, taken: (id: number) => boolean): number {
    if (wanted !== undefined) {
      if (taken(wanted)) throw new Error(`${kind} id ${wanted} is already taken`)
      this.next[kind] = Math.max(this.next[kind], wanted + 1)
      return wanted
    }
    while (taken(this.next[kind])) this.next[kind]++
    return this.next[kind]++
  }

  /**
   * An opaque id like GitHub's hosted-compute ids (35 upper-case hex digits, e.g.
   * `220F78DACB92BBFBC5E6F22DE1CCF52309D`): the same sequence on every run.
   */
  opaque(kind: 'network-configuration' | 'network-settings', taken: (id: string) => boolean): string {
    for (;;) {
      const n = this.next[kind]++
      const id = createHash('sha256').update(`${kind}:${n}`).digest('hex').slice(0, 35).toUpperCase()
      if (!taken(id)) return id
    }
  }
}
