import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'
import { rsaKeyPair } from '../support/world.js'

const t = useSimulator()
const APP_ID = 4712
const { privateKey, publicKey } = rsaKeyPair()
const app = { 'app-id': String(APP_ID), 'private-key': privateKey, token: '' }
const org = { ...app, organization: 'octo-fleet' }

const minted = () => t.sim.requests.filter((q) => q.path.endsWith('/access_tokens')).map((q) => q.body)

describe('GitHub App tokens for settings, versions and networking', () => {
  it('ask for the one permission each family needs, read or write', async () => {
    t.sim.addApp(APP_ID, publicKey)
    t.sim.addInstallation(APP_ID, 'org:octo-fleet', {
      permissions: {
        organization_self_hosted_runners: 'read',
        organization_administration: 'write',
        organization_network_configurations: 'write',
        metadata: 'read',
      },
    })
    t.sim.addRepo('solo-dev/tools')
    t.sim.addInstallation(APP_ID, 'repo:solo-dev/tools', {
      permissions: { administration: 'read', metadata: 'read' },
    })
    const settings = t.sim.addNetworkSettings('org:octo-fleet', { name: 'east' })
    await t.run({ ...org, operation: 'get-runner-version-deprecation', 'runner-version': '2.300.0' })
    await t.run({
      ...app,
      repository: 'solo-dev/tools',
      operation: 'get-runner-version-deprecation',
      'runner-version': '2.300.0',
    })
    await t.run({ ...org, operation: 'get-self-hosted-runners-settings' })
    await t.run({
      ...org,
      operation: 'set-self-hosted-runners-settings',
      'enabled-repositories': 'selected',
      repositories: 'app',
    })
    await t.run({ ...org, operation: 'list-network-configurations' })
    await t.run({
      ...org,
      operation: 'create-network-configuration',
      'network-configuration-name': 'net',
      'network-settings-id': settings.id,
    })
    expect(minted()).toEqual([
      { permissions: { organization_self_hosted_runners: 'read', metadata: 'read' } },
      { permissions: { administration: 'read', metadata: 'read' } },
      { permissions: { organization_administration: 'read', metadata: 'read' } },
      { permissions: { organization_administration: 'write', metadata: 'read' } },
      { permissions: { organization_network_configurations: 'read', metadata: 'read' } },
      { permissions: { organization_network_configurations: 'write', metadata: 'read' } },
    ])
    expect(t.sim.revokedTokens).toHaveLength(6)
  })

  it('an installation without "Network configurations" gets an error naming it', async () => {
    t.sim.addApp(APP_ID, publicKey)
    t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    await expect(t.run({ ...org, operation: 'list-network-configurations' })).rejects.toThrow(
      /does not grant organization_network_configurations: read .*"Organization permissions → Network configurations" \(Read-only\)/,
    )
  })

  it('a runner group named network by name needs to read network configurations; an id does not', async () => {
    t.sim.addApp(APP_ID, publicKey)
    t.sim.addInstallation(APP_ID, 'org:octo-fleet')
    const settings = t.sim.addNetworkSettings('org:octo-fleet', { name: 'east' })
    const net = t.sim.addNetworkConfiguration('org:octo-fleet', {
      name: 'net',
      network_settings_ids: [settings.id],
    })
    t.sim.addRunnerGroup('org:octo-fleet', { name: 'private' })
    await expect(
      t.run({
        ...org,
        operation: 'update-runner-group',
        'runner-group': 'private',
        'network-configuration-id': 'net',
      }),
    ).rejects.toThrow(/GitHub answered 403 .*network-configuration-id 'net' is a name.*give the id/)
    const r = await t.run({
      ...org,
      operation: 'update-runner-group',
      'runner-group': 'private',
      'network-configuration-id': net.id,
    })
    expect(r.outputs['runner-group']).toMatchObject({ network_configuration_id: net.id })
  })
})
