/** Images for GitHub-hosted runners: GitHub's, partners' and custom images with their versions. */
import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'
import { readyImageVersion } from '../support/world.js'

const t = useSimulator()

const HOSTED_SCOPES = SCOPES.filter((s) => s.scope !== 'repository')

describe.each(HOSTED_SCOPES)('hosted runner images at $scope scope', ({ scope, owner, inputs }) => {
  const base = { ...inputs }
  /** The route prefix the action must have used at this scope. */
  const at = scope === 'organization' ? '/orgs/octo-fleet' : '/enterprises/octo-corp'

  it.each([
    ['github', undefined, 'github-owned', 'ubuntu-24.04'],
    ['github', 'github', 'github-owned', 'windows-2025'],
    ['partner', 'partner', 'partner', 'arm-ubuntu-24.04'],
  ] as const)('list-hosted-runner-images: %s images (image-source %s)', async (_, source, tail, expected) => {
    const r = await t.run({
      ...base,
      operation: 'list-hosted-runner-images',
      ...(source ? { 'image-source': source } : {}),
    })
    expect((r.outputs.images as { id: string }[]).map((i) => i.id)).toContain(expected)
    expect(t.calls()).toEqual([`GET ${at}/actions/hosted-runners/images/${tail}`])
  })

  it('list-hosted-runner-images: custom images', async () => {
    const img = t.sim.addCustomImage(owner, { name: 'golden' })
    const r = await t.run({ ...base, operation: 'list-hosted-runner-images', 'image-source': 'custom' })
    expect(r.outputs.images).toEqual([
      expect.objectContaining({ id: img.id, name: 'golden', source: 'custom' }),
    ])
    expect(r.summary?.table?.header).toContain('Latest version (versions)')
    expect(t.calls()).toEqual([`GET ${at}/actions/hosted-runners/images/custom`])
  })

  it('custom images and their versions: get, list versions, get and delete a version, delete', async () => {
    const v = readyImageVersion
    const img = t.sim.addCustomImage(owner, { name: 'Golden', versions: [v('1.0.0'), v('1.2.0')] })
    const images = `${at}/actions/hosted-runners/images/custom`

    const byId = await t.run({ ...base, operation: 'get-custom-image', 'custom-image': String(img.id) })
    expect(byId.outputs.image).toMatchObject({
      id: img.id,
      name: 'Golden',
      versions_count: 2,
      latest_version: '1.2.0',
    })
    const byName = await t.run({ ...base, operation: 'get-custom-image', 'custom-image': 'golden' })
    expect(byName.outputs.image).toEqual(byId.outputs.image)
    expect(t.calls()).toEqual([`GET ${images}/${img.id}`, `GET ${images}`])

    t.sim.reset()
    const versions = await t.run({
      ...base,
      operation: 'list-custom-image-versions',
      'custom-image': 'golden',
    })
    expect((versions.outputs['image-versions'] as { version: string }[]).map((x) => x.version)).toEqual([
      '1.2.0',
      '1.0.0',
    ])
    expect(t.calls()).toEqual([`GET ${images}`, `GET ${images}/${img.id}/versions`])

    const one = await t.run({
      ...base,
      operation: 'get-custom-image-version',
      'custom-image': String(img.id),
      'image-version': '1.0.0',
    })
    expect(one.outputs['image-version']).toEqual(v('1.0.0'))
    await expect(
      t.run({
        ...base,
        operation: 'get-custom-image-version',
        'custom-image': 'golden',
        'image-version': '3.0.0',
      }),
    ).rejects.toThrow(/No version 3.0.0 of custom image golden/)

    t.sim.reset()
    const gone = await t.run({
      ...base,
      operation: 'delete-custom-image-version',
      'custom-image': 'golden',
      'image-version': '1.0.0',
    })
    expect(gone.outputs['image-version']).toEqual(v('1.0.0'))
    expect(img.versions.map((x) => x.version)).toEqual(['1.2.0'])
    expect(t.calls()).toEqual([
      `GET ${images}`,
      `GET ${images}/${img.id}/versions/1.0.0`,
      `DELETE ${images}/${img.id}/versions/1.0.0`,
    ])

    t.sim.reset()
    const deleted = await t.run({ ...base, operation: 'delete-custom-image', 'custom-image': 'Golden' })
    expect(deleted.outputs.image).toMatchObject({ id: img.id, name: 'Golden' })
    expect(t.calls()).toEqual([`GET ${images}`, `DELETE ${images}/${img.id}`])
    await expect(
      t.run({ ...base, operation: 'list-custom-image-versions', 'custom-image': String(img.id) }),
    ).rejects.toThrow(new RegExp(`No custom image with id ${img.id}`))
    await expect(t.run({ ...base, operation: 'get-custom-image', 'custom-image': 'golden' })).rejects.toThrow(
      /No custom image named 'golden' .*it has: none/,
    )
  })
})
