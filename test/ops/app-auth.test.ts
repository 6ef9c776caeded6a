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
    ])
    const [lookup, mint, list] = t.sim.requests
    expect(lookup!.auth!.split('.')).toHaveLength(3) // the App's JWT
    expect(mint!.auth).toBe(lookup!.auth)
    expect(list!.auth).toMatch(/^ghs_/)
    expect(t.sim.issuedSecrets).toContain(list!.auth)
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
