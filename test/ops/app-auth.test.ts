import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'
import { rsaKeyPair } from '../support/world.js'

const t = useSimulator()
const APP_ID = 4711
const { privateKey, publicKey } = rsaKeyPair()
const app = { 'app-id': String(APP_ID), 'private-key': privateKey, token: '' }

function setUp() {
  t.sim.addApp(APP_ID, publicKey)
}

describe('GitHub App authentication', () => {
  it('finds the installation, mints an installation token and uses it for the operation', async () => {
    setUp()
    const inst = t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    t.sim.addRunner('org:octo-fleet', { name: 'r1' })
    const r = await t.run({ ...app, organization: 'octo-fleet', operation: 'list-runners' })
    expect(r.outputs.count).toBe('1')
    expect(t.calls()).toEqual([
      'GET /orgs/octo-fleet/installation',
      `POST /app/installations/${inst.id}/access_tokens`,
      'GET /orgs/octo-fleet/actions/runners',
      'DELETE /installation/token',
    ])
    const [lookup, mint, list, revoke] = t.sim.requests
    expect(lookup!.auth!.split('.')).toHaveLength(3) // the App's JWT
    expect(mint!.auth).toBe(lookup!.auth)
    // a read-only operation asks for read access to the one permission it needs
    expect(mint!.body).toEqual({
      permissions: { organization_self_hosted_runners: 'read', metadata: 'read' },
    })
    expect(list!.auth).toMatch(/^ghs_/)
    expect(t.sim.issuedSecrets).toContain(list!.auth)
    expect(revoke!.auth).toBe(list!.auth)
    expect(t.sim.revokedTokens).toEqual([list!.auth])
  })

  it('asks for write only for an operation that changes things, per scope and family', async () => {
    setUp()
    t.sim.addInstallation(APP_ID, 'org:octo-fleet', {
      permissions: {
        organization_self_hosted_runners: 'write',
        organization_administration: 'read',
        metadata: 'read',
      },
    })
    t.sim.addRepo('solo-dev/tools')
    t.sim.addInstallation(APP_ID, 'repo:solo-dev/tools')
    const minted = () => t.sim.requests.filter((q) => q.path.endsWith('/access_tokens')).map((q) => q.body)
    await t.run({ ...app, organization: 'octo-fleet', operation: 'create-registration-token' })
    await t.run({ ...app, repository: 'solo-dev/tools', operation: 'list-runners' })
    await t.run({ ...app, organization: 'octo-fleet', operation: 'get-hosted-runner-limits' })
    expect(minted()).toEqual([
      { permissions: { organization_self_hosted_runners: 'write', metadata: 'read' } },
      { permissions: { administration: 'read', metadata: 'read' } },
      { permissions: { organization_administration: 'read', metadata: 'read' } },
    ])
    expect(t.sim.revokedTokens).toHaveLength(3)
  })

  it('revokes the token when the operation fails too', async () => {
    setUp()
    t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    await expect(
      t.run({ ...app, organization: 'octo-fleet', operation: 'get-runner', 'runner-id': '999' }),
    ).rejects.toThrow(/No self-hosted runner with id 999/)
    expect(t.sim.revokedTokens).toHaveLength(1)
  })

  it('names the permission an installation lacks, and how to grant it', async () => {
    setUp()
    t.sim.addInstallation(APP_ID, 'org:octo-fleet', {
      permissions: { organization_self_hosted_runners: 'read' },
    })
    await expect(t.run({ ...app, organization: 'octo-fleet', operation: 'prune-runners' })).rejects.toThrow(
      /installation on organization octo-fleet does not grant organization_self_hosted_runners: write .*Add "Organization permissions → Self-hosted runners" \(Read and write\)/,
    )
    expect(t.sim.requests.some((q) => q.path.includes('/actions/runners'))).toBe(false)
  })

  it('uses installation-id as given, and works for a repository', async () => {
    setUp()
    const inst = t.sim.addInstallation(APP_ID, 'repo:octo-fleet/app')
    await t.run({
      ...app,
      'installation-id': String(inst.id),
      repository: 'octo-fleet/app',
      operation: 'create-registration-token',
    })
    expect(t.calls()).toEqual([
      `POST /app/installations/${inst.id}/access_tokens`,
      'POST /repos/octo-fleet/app/actions/runners/registration-token',
      'DELETE /installation/token',
    ])
  })

  it('accepts a key pasted with \\n escapes', async () => {
    setUp()
    t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    const r = await t.run({
      ...app,
      'private-key': privateKey.trim().replace(/\n/g, '\\n'),
      organization: 'octo-fleet',
      operation: 'list-runners',
    })
    expect(r.outputs.count).toBe('0')
  })

  it.each([
    ['Windows line endings', privateKey.replace(/\n/g, '\r\n')],
    ['literal \\r\\n escapes', privateKey.trim().replace(/\n/g, '\\r\\n')],
  ])('accepts a key with %s', async (_, key) => {
    setUp()
    t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    const r = await t.run({
      ...app,
      'private-key': key,
      organization: 'octo-fleet',
      operation: 'list-runners',
    })
    expect(r.outputs.count).toBe('0')
  })

  it('says when the App is not installed on the target', async () => {
    setUp()
    await expect(t.run({ ...app, organization: 'octo-fleet', operation: 'list-runners' })).rejects.toThrow(
      /GitHub App 4711 is not installed on organization octo-fleet/,
    )
  })

  it('refuses enterprise scope before any request: Apps cannot manage enterprise runners', async () => {
    await expect(t.run({ ...app, enterprise: 'octo-corp', operation: 'list-runners' })).rejects.toThrow(
      /Input 'app-id': GitHub Apps cannot manage enterprise runners/,
    )
    await expect(
      t.run({
        token: 'github_pat_11AAAAAAA0000000000000000000000000000000',
        enterprise: 'octo-corp',
        operation: 'list-runners',
      }),
    ).rejects.toThrow(/Input 'token': a fine-grained token cannot manage enterprise runners/)
    expect(t.sim.requests).toEqual([])
  })

  it('checks the App inputs before any request', async () => {
    const cases: Record<string, string>[] = [
      { 'app-id': '12' },
      { 'private-key': privateKey },
      { 'app-id': 'my app', 'private-key': privateKey },
      { 'app-id': '12', 'private-key': 'not a key' },
      { 'app-id': '12', 'private-key': privateKey, 'installation-id': 'x' },
    ]
    for (const c of cases) {
      await expect(
        t.run({ token: '', organization: 'octo-fleet', operation: 'list-runners', ...c }),
        JSON.stringify(c),
      ).rejects.toThrow(/^Input '(app-id|private-key|installation-id)'/)
    }
    expect(t.sim.requests).toEqual([])
  })
})
