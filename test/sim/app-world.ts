/**
 * The GitHub App world the App tests share: App 4242 installed on organization octo-fleet and on
 * repository other-org/api, App 5151 installed on bare-org with read-only runner permissions,
 * a runner in each, and JWTs signed as the Apps sign them.
 */
import { sign } from 'node:crypto'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { rsaKeyPair, seedWorld } from '../support/world.js'
import { client } from './client.js'

export const APP_ID = 4242
export const OTHER_APP_ID = 5151

export const NOT_ACCESSIBLE = 'Resource not accessible by integration'

export const appKeys = rsaKeyPair()
export const otherKeys = rsaKeyPair()
export const strangerKeys = rsaKeyPair()

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
export const now = () => Math.floor(Date.now() / 1000)

/** An RS256 JWT as an App signs it; `claims` and `header` override the valid defaults. */
export function jwt(
  claims: Record<string, unknown> = {},
  key: string = appKeys.privateKey,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  const iat = now() - 30
  const body = `${b64(header)}.${b64({ iat, exp: iat + 600, iss: APP_ID, ...claims })}`
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`
}

export interface AppWorld {
  sim: Simulator
  call: ReturnType<typeof client>
  orgId: number
  orgInstallation: number
  repoInstallation: number
  otherAppInstallation: number
  /** A request authenticated as App 4242 (or with `token`). */
  asApp(method: string, path: string, token?: string, body?: unknown): ReturnType<ReturnType<typeof client>>
  /** A fresh installation token of `installationId` (App 4242), asking for `body`. */
  mint(installationId: number, body?: unknown): Promise<string>
}

/**
 * One world for the test file: started before its tests, closed after them; after each test
 * the simulator must have recorded no violation, and its records are cleared.
 */
export function useAppWorld(): AppWorld {
  const world = {} as AppWorld
  beforeAll(async () => {
    const sim = await startSimulator()
    const call = client(sim)
    const { orgId } = seedWorld(sim)
    sim.addRepo('other-org/api')
    sim.addRepo('other-org/web')
    sim.addOrg('bare-org')
    sim.addRunner('org:octo-fleet', { name: 'org-runner' })
    sim.addRunner('repo:octo-fleet/app', { name: 'repo-runner' })
    sim.addRunner('repo:other-org/api', { name: 'api-runner' })
    sim.addApp(APP_ID, appKeys.publicKey)
    sim.addApp(OTHER_APP_ID, otherKeys.publicKey)
    const asApp: AppWorld['asApp'] = (method, path, token = jwt(), body) =>
      call(method, path, { token, scheme: 'Bearer', ...(body !== undefined ? { body } : {}) })
    Object.assign(world, {
      sim,
      call,
      orgId,
      orgInstallation: sim.addInstallation(APP_ID, 'org:octo-fleet').id,
      repoInstallation: sim.addInstallation(APP_ID, 'repo:other-org/api').id,
      otherAppInstallation: sim.addInstallation(OTHER_APP_ID, 'org:bare-org', {
        permissions: { organization_self_hosted_runners: 'read', metadata: 'read' },
      }).id,
      asApp,
      mint: async (installationId: number, body?: unknown) => {
        const res = await asApp('POST', `/app/installations/${installationId}/access_tokens`, jwt(), body)
        expect(res.status).toBe(201)
        return String(res.json.token)
      },
    } satisfies AppWorld)
  })
  afterAll(() => world.sim.close())
  afterEach(() => {
    expect(world.sim.violations).toEqual([])
    world.sim.reset()
  })
  return world
}
