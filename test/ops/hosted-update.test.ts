import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'
import { readyImageVersion } from '../support/world.js'

const t = useSimulator()
const HOSTED_SCOPES = SCOPES.filter((s) => s.scope !== 'repository')

const version = readyImageVersion

const patches = () => t.sim.requests.filter((q) => q.method === 'PATCH')

describe.each(HOSTED_SCOPES)('update-hosted-runner at $scope scope', ({ owner, inputs }) => {
  it('sends image-gen', async () => {
    t.sim.addHostedRunner(owner, { name: 'builder', image: { id: 'ubuntu-24.04', source: 'github' } })
    const r = await t.run({
      ...inputs,
      operation: 'update-hosted-runner',
      'hosted-runner': 'builder',
      'image-gen': 'true',
    })
    expect(patches()[0]!.body).toEqual({ image_gen: true })
    expect(r.outputs['hosted-runner']).toMatchObject({ image_gen: true })
  })

  it('image-version alone is checked against the versions of the runner’s custom image, as create does', async () => {
    const img = t.sim.addCustomImage(owner, {
      name: 'golden',
      versions: [version('1.0.0'), version('1.1.0')],
    })
    const h = t.sim.addHostedRunner(owner, {
      name: 'golden-pool',
      image: { id: String(img.id), source: 'custom', version: '1.0.0' },
    })
    await expect(
      t.run({
        ...inputs,
        operation: 'update-hosted-runner',
        'hosted-runner': 'golden-pool',
        'image-version': '2.0.0',
      }),
    ).rejects.toThrow(
      /Input 'image-version': custom image golden .* has no version '2.0.0'; it has: 1.1.0, 1.0.0/,
    )
    expect(patches()).toEqual([])
    const r = await t.run({
      ...inputs,
      operation: 'update-hosted-runner',
      'hosted-runner': String(h.id),
      'image-version': '1.1.0',
    })
    expect(patches()[0]!.body).toEqual({ image_version: '1.1.0' })
    expect(r.outputs['hosted-runner']).toMatchObject({
      image_details: { source: 'custom', version: '1.1.0' },
    })
  })

  it('image-version alone on a runner with a GitHub image is refused before the change', async () => {
    t.sim.addHostedRunner(owner, { name: 'plain', image: { id: 'ubuntu-24.04', source: 'github' } })
    await expect(
      t.run({
        ...inputs,
        operation: 'update-hosted-runner',
        'hosted-runner': 'plain',
        'image-version': '1.0.0',
      }),
    ).rejects.toThrow(
      /Input 'image-version': hosted runner plain runs the github image ubuntu-24.04; only custom images have versions/,
    )
    expect(patches()).toEqual([])
  })
})

describe('image-gen input', () => {
  it('is a boolean, checked before any request', async () => {
    await expect(
      t.run({
        organization: 'octo-fleet',
        operation: 'update-hosted-runner',
        'hosted-runner': 'a',
        'image-gen': 'on',
      }),
    ).rejects.toThrow(/Input 'image-gen': 'on' is not a boolean/)
    expect(t.sim.requests).toEqual([])
  })
})
