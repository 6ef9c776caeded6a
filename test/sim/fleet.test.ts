import { describe, expect, it } from 'vitest'
import { freshSimulators, parseLink } from './client.js'

const sim = freshSimulators(true)

interface Runner {
  id: number
  name: string
  status: string
  busy: boolean
  runner_group_id: number
  labels: { name: string; type: string }[]
  version: string | null
}

describe('large fleets', () => {
  it('seeds 12,000 and then 50,000 runners', async () => {
    const { sim: s } = await sim()
    for (const count of [12_000, 50_000]) {
      const owner = count === 12_000 ? 'org:octo-fleet' : 'enterprise:octo-corp'
      const added = s.addRunners(owner, count, { labels: ['fleet'], status: 'offline' })
      expect(added).toHaveLength(count)
      expect(s.runners(owner)).toHaveLength(count)
    }
    const names = s.runners('org:octo-fleet').map((r) => r.name)
    expect(names.slice(0, 2)).toEqual(['runner-00001', 'runner-00002'])
    expect(names.at(-1)).toBe('runner-12000')
    expect(s.runners('org:octo-fleet')[0]).toMatchObject({
      status: 'offline',
      labels: [{ name: 'self-hosted' }, { name: 'Linux' }, { name: 'X64' }, { name: 'fleet' }],
    })
  })

  it('takes a function of the index as the template', async () => {
    const { sim: s } = await sim()
    const added = s.addRunners('org:octo-fleet', 4, (i) => ({ name: `gpu-${i}`, busy: i % 2 === 0 }))
    expect(added.map((r) => [r.name, r.busy])).toEqual([
      ['gpu-1', false],
      ['gpu-2', true],
      ['gpu-3', false],
      ['gpu-4', true],
    ])
    expect(() => s.addRunners('org:octo-fleet', -1)).toThrow(/not a count/)
  })

  it('lists 12,000 runners, 100 a page, in id order', async () => {
    const { sim: s, call } = await sim()
    s.addRunners('org:octo-fleet', 12_000)
    const seen: Runner[] = []
    let path: string | undefined = '/orgs/octo-fleet/actions/runners?per_page=100'
    while (path) {
      const res = await call('GET', path)
      expect(res.status).toBe(200)
      expect(res.json.total_count).toBe(12_000)
      seen.push(...(res.json.runners as Runner[]))
      path = parseLink(res.headers.get('link')).next?.slice(s.url.length)
    }
    expect(seen).toHaveLength(12_000)
    expect(s.requests).toHaveLength(120)
    const ids = seen.map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(12_000)
  })

  it('keeps the id order through deletions and runners added with lower ids', async () => {
    const { sim: s, call } = await sim()
    const [first, second, third] = s.addRunners('org:octo-fleet', 3)
    await call('GET', '/orgs/octo-fleet/actions/runners')
    expect((await call('DELETE', `/orgs/octo-fleet/actions/runners/${second?.id}`)).status).toBe(204)
    s.addRunner('org:octo-fleet', { name: 'early', id: 5 })
    s.addRunner('org:octo-fleet', { name: 'late' })
    const res = await call('GET', '/orgs/octo-fleet/actions/runners')
    expect((res.json.runners as Runner[]).map((r) => r.name)).toEqual([
      'early',
      first?.name,
      third?.name,
      'late',
    ])
    expect(res.json.total_count).toBe(4)
    expect(s.runner(second?.id ?? 0)).toBeUndefined()
  })
})
