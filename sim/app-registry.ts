/**
 * Credentials: tokens and what they grant, GitHub Apps with their public keys, the Apps'
 * installations, and the installation tokens revoked through `DELETE /installation/token`.
 * No HTTP here.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Ids } from './ids.js'
import type { InstallationOwner, TokenGrant } from './types.js'

export interface App {
  id: number
  /** Like `Iv1.000000000000303a`: derived from the id, accepted as `iss` too. */
  clientId: string
  slug: string
  publicKey: KeyObject
}

export interface Installation {
  id: number
  appId: number
  /** `org:X`, `repo:X/Y` or `user:X`, spelt as created. */
  owner: InstallationOwner
  permissions: Record<string, string>
}

export class AppRegistry {
  private readonly tokens = new Map<string, TokenGrant>()
  private readonly apps = new Map<number, App>()
  private readonly installations = new Map<number, Installation>()
  /** Revoked tokens, in the order they were revoked. */
  readonly revoked: string[] = []

  constructor(
    private readonly ids: Ids,
    /** `owner` spelt as created, if it exists. */
    private readonly resolveOwner: (owner: InstallationOwner) => InstallationOwner | undefined,
  ) {}

  // ---- tokens ---------------------------------------------------------------------------------

  addToken(token: string, grant: TokenGrant): void {
    this.tokens.set(token, grant)
  }

  token(token: string): TokenGrant | undefined {
    return this.tokens.get(token)
  }

  /** Invalidates `token` for good: later requests with it get 401 Bad credentials. */
  revokeToken(token: string): void {
    if (this.tokens.delete(token)) this.revoked.push(token)
  }

  // ---- GitHub Apps ----------------------------------------------------------------------------

  addApp(appId: number, publicKeyPem: string): App {
    if (!Number.isInteger(appId) || appId <= 0) throw new Error(`addApp: ${appId} is not an App id`)
    const publicKey = createPublicKey(publicKeyPem)
    if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('addApp: GitHub App keys are RSA keys')
    const existing = this.apps.get(appId)
    if (existing) {
      existing.publicKey = publicKey
      return existing
    }
    const app: App = {
      id: appId,
      clientId: `Iv1.${appId.toString(16).padStart(16, '0')}`,
      slug: `sim-app-${appId}`,
      publicKey,
    }
    this.apps.set(appId, app)
    return app
  }

  app(appId: number): App | undefined {
    return this.apps.get(appId)
  }

  /** The App a JWT's `iss` names: its id (number or digits) or its client id. */
  appByIssuer(iss: number | string): App | undefined {
    if (typeof iss === 'number' || /^\d+$/.test(iss)) return this.apps.get(Number(iss))
    return [...this.apps.values()].find((a) => a.clientId === iss)
  }

  addInstallation(
    appId: number,
    owner: InstallationOwner,
    opts: { permissions?: Record<string, string> } = {},
  ): Installation {
    if (!this.apps.has(appId)) throw new Error(`addInstallation: no App ${appId} (addApp first)`)
    if (owner.startsWith('enterprise:'))
      throw new Error('addInstallation: install on an organization or a repository, not an enterprise')
    const canonical = this.resolveOwner(owner)
    if (!canonical) throw new Error(`unknown owner ${owner}: add it first (addOrg/addRepo/addUser)`)
    const clash = [...this.installations.values()].find(
      (i) =>
        i.appId === appId &&
        (installationCovers(i.owner, canonical) || installationCovers(canonical, i.owner)),
    )
    if (clash) throw new Error(`addInstallation: App ${appId} is already installed on ${clash.owner}`)
    const installation: Installation = {
      id: this.ids.take('installation', undefined, (id) => this.installations.has(id)),
      appId,
      owner: canonical,
      permissions: opts.permissions ?? {
        administration: 'write',
        ...(canonical.startsWith('org:') ? { organization_self_hosted_runners: 'write' } : {}),
        metadata: 'read',
      },
    }
    this.installations.set(installation.id, installation)
    return installation
  }

  installation(id: number): Installation | undefined {
    return this.installations.get(id)
  }

  /** The App's installations, oldest first (`GET /app/installations`). */
  installationsOf(appId: number): Installation[] {
    return [...this.installations.values()].filter((i) => i.appId === appId).sort((a, b) => a.id - b.id)
  }

  /** The installation of App `appId` that covers `owner`, if any. */
  installationCovering(appId: number, owner: InstallationOwner): Installation | undefined {
    return [...this.installations.values()].find(
      (i) => i.appId === appId && installationCovers(i.owner, owner),
    )
  }
}

/** Whether an installation on `installed` (`org:X` or `repo:X/Y`) reaches `owner`. */
export function installationCovers(installed: InstallationOwner, owner: InstallationOwner): boolean {
  const a = installed.toLowerCase()
  const b = owner.toLowerCase()
  if (a === b) return true
  return a.startsWith('org:') && b.startsWith(`repo:${a.slice('org:'.length)}/`)
}
