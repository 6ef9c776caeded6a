import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'
import { readyImageVersion, rsaKeyPair } from '../support/world.js'

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

describe('GitHub App tokens for custom images', () => {
  const images = { organization_runner_custom_images: 'write', organization_administration: 'write' }
  const golden = () =>
    t.sim.addCustomImage('org:octo-fleet', {
      name: 'golden',
      versions: [readyImageVersion('1.0.0')],
    })
  const create = (image: string, source: string) => ({
    ...org,
    operation: 'create-hosted-runner',
    'hosted-runner-name': `pool-${source}`,
    image,
    'image-source': source,
    size: '4-core',
  })

  it('ask for "Hosted runner custom images" on custom-image routes, and for both from a custom image', async () => {
    t.sim.addApp(APP_ID, publicKey)
    t.sim.addInstallation(APP_ID, 'org:octo-fleet', { permissions: { ...images, metadata: 'read' } })
    const img = golden()
    await t.run({ ...org, operation: 'get-custom-image', 'custom-image': 'golden' })
    await t.run({ ...org, operation: 'list-hosted-runner-images', 'image-source': 'custom' })
    await t.run({ ...org, operation: 'list-hosted-runner-images' })
    await t.run(create('golden', 'custom'))
    await t.run(create('ubuntu-24.04', 'github'))
    expect(minted()).toEqual([
      { permissions: { organization_runner_custom_images: 'read', metadata: 'read' } },
      { permissions: { organization_runner_custom_images: 'read', metadata: 'read' } },
      { permissions: { organization_administration: 'read', metadata: 'read' } },
      {
        permissions: {
          organization_administration: 'write',
          organization_runner_custom_images: 'write',
          metadata: 'read',
        },
      },
      { permissions: { organization_administration: 'write', metadata: 'read' } },
    ])
    expect(t.sim.hostedRunners('org:octo-fleet').map((h) => h.name)).toEqual(['pool-custom', 'pool-github'])
    expect(img.id).toBeGreaterThan(0)
  })

  it('an installation with Administration alone cannot use custom images: the error names the permission', async () => {
    t.sim.addApp(APP_ID, publicKey)
    t.sim.addInstallation(APP_ID, 'org:octo-fleet', {
      permissions: { organization_administration: 'write', metadata: 'read' },
    })
    golden()
    await expect(t.run(create('golden', 'custom'))).rejects.toThrow(
      /does not grant organization_administration: write and organization_runner_custom_images: write .*"Organization permissions → Hosted runner custom images"/,
    )
    expect(t.sim.hostedRunners('org:octo-fleet')).toEqual([])
  })

  it('the simulator refuses a hosted runner from a custom image to a token without both permissions', async () => {
    const img = golden()
    t.sim.addToken('ghs_adminonly000000000000000000000000000', {
      kind: 'installation',
      installation: {
        id: 1,
        owner: 'org:octo-fleet',
        permissions: { organization_administration: 'write', metadata: 'read' },
      },
    })
    const res = await fetch(`${t.sim.url}/orgs/octo-fleet/actions/hosted-runners`, {
      method: 'POST',
      headers: {
        authorization: 'token ghs_adminonly000000000000000000000000000',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'golden-pool',
        image: { id: String(img.id), source: 'custom' },
        size: '4-core',
        runner_group_id: 1,
      }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-accepted-github-permissions')).toBe(
      'organization_administration=write,organization_runner_custom_images=write',
    )
  })
})
