import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { DEMO, seedDemo } from '../../sim/seed.js'
import { client, parseLink } from './client.js'

let sim: Simulator
let call: ReturnType<typeof client>

beforeAll(async () => {
  sim = await startSimulator()
  call = client(sim)
  seedDemo(sim)
})
afterAll(() => sim.close())

interface Runner {
  name: string
  status: string
  busy: boolean
  ephemeral: boolean
  runner_group_id: number
  labels: { name: string }[]
}

describe('seedDemo', () => {
  it('seeds 240 organization runners across 3 pages, all answers valid', async () => {
    const runners: Runner[] = []
    let path: string | undefined = `/orgs/${DEMO.org}/actions/runners?per_page=100`
    let pages = 0
    while (path) {
      const res = await call('GET', path)
      runners.push(...(res.json.runners as Runner[]))
      pages++
      path = parseLink(res.headers.get('link')).next?.slice(sim.url.length)
    }
    expect(pages).toBe(3)
    expect(runners).toHaveLength(240)
    expect(new Set(runners.map((r) => r.name)).size).toBe(240)

    const leftovers = runners.filter((r) => r.ephemeral && r.status === 'offline')
    expect(leftovers.length).toBeGreaterThan(120)
    expect(leftovers.every((r) => /^ephemeral-[a-z0-9-]+-[0-9a-f]{8}$/.test(r.name))).toBe(true)
    expect(runners.filter((r) => !r.ephemeral && r.busy).length).toBeGreaterThan(5)
    const labels = new Set(runners.flatMap((r) => r.labels.map((l) => l.name.toLowerCase())))
    for (const l of ['gpu', 'linux-large', 'arm64', 'graviton', 'macos', 'windows'])
      expect(labels).toContain(l)
    expect(sim.violations).toEqual([])
  })

  it('is deterministic', async () => {
    const other = await startSimulator()
    try {
      seedDemo(other)
      const names = (s: Simulator) =>
        s.runners(`org:${DEMO.org}`).map((r) => `${r.name}:${r.status}:${r.busy}`)
      expect(names(other)).toEqual(names(sim))
    } finally {
      await other.close()
    }
  })

  it('has groups, a repository with 3 runners, enterprise runners and hosted runners', async () => {
    const groups = await call('GET', `/orgs/${DEMO.org}/actions/runner-groups`)
    expect((groups.json.runner_groups as { name: string }[]).map((g) => g.name)).toEqual([
      'Default',
      'gpu-fleet',
      'linux-large',
    ])
    expect((await call('GET', `/repos/${DEMO.repo}/actions/runners`)).json.total_count).toBe(3)
    expect(
      Number((await call('GET', `/enterprises/${DEMO.enterprise}/actions/runners`)).json.total_count),
    ).toBeGreaterThan(2)
    expect((await call('GET', `/orgs/${DEMO.org}/actions/hosted-runners`)).json.total_count).toBe(2)
    expect(sim.violations).toEqual([])
  })
})
