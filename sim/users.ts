/**
 * User accounts: a login, an id, and the organizations the user is a member of (what
 * `GET /user/orgs` lists for a token of that user). GitHub Apps may be installed on them too;
 * they have no organization runners. No HTTP here.
 */
import type { Ids } from './ids.js'

export interface User {
  id: number
  login: string
  /** Organization logins, lower-cased. */
  organizations: Set<string>
}

export class Users {
  private readonly byLogin = new Map<string, User>()

  constructor(private readonly ids: Ids) {}

  add(login: string, organizations: readonly string[] = []): User {
    const key = login.toLowerCase()
    const user = this.byLogin.get(key) ?? {
      id: this.ids.take('user', undefined, () => false),
      login,
      organizations: new Set<string>(),
    }
    for (const org of organizations) user.organizations.add(org.toLowerCase())
    this.byLogin.set(key, user)
    return user
  }

  get(login: string): User | undefined {
    return this.byLogin.get(login.toLowerCase())
  }
}
