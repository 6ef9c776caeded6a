/** The built dist/index.js cancelled as the runner cancels a job (SIGTERM, SIGINT): it stops and reports what it did. */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { runAction } from '../../scripts/action-runner.js'
import { actionOn, NODES, useDemoSimulator } from '../support/bundle.js'
import { rsaKeyPair } from '../support/world.js'

const t = useDemoSimulator()

describe.each(NODES)('dist/index.js on $name, cancelled', ({ bin }) => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a prune cancelled with %s stops before its next deletion and leaves outputs and a summary of what it did',
    async (signal) => {
      const ghosts = Array.from({ length: 30 }, (_, i) =>
        t.sim.addRunner('org:octo-fleet', { name: `cancel-ghost-${i}`, status: 'offline' }),
      )
      const deletedLines = (out: string) => (out.match(/^Deleted runner cancel-ghost/gm) ?? []).length
      const run = await actionOn(
        bin,
        t.sim,
        { operation: 'prune-runners', 'name-pattern': 'cancel-ghost-*', 'grace-period': '0' },
        { signal, when: (out) => deletedLines(out) >= 3 },
      )
      expect(run.code).not.toBe(0)
      expect(run.errors.join('\n')).toMatch(/cancelled/)
      const deleted = JSON.parse(run.outputs.deleted!) as { id: number }[]
      const skipped = JSON.parse(run.outputs.skipped!) as { reason: string }[]
      expect(deleted.length).toBeGreaterThanOrEqual(3)
      expect(deleted.length).toBeLessThan(30)
      expect(skipped.some((x) => /not attempted: the step was cancelled/.test(x.reason))).toBe(true)
      // the record matches GitHub: every runner reported deleted is gone, the rest are there
      const left = new Set(t.sim.runners('org:octo-fleet').map((r) => r.id))
      for (const d of deleted) expect(left.has(d.id)).toBe(false)
      expect(left.size + deleted.length).toBe(t.sim.runners('org:octo-fleet').length + deleted.length)
      expect(ghosts.filter((g) => !left.has(g.id))).toHaveLength(deleted.length)
      expect(run.summary).toMatch(/Prune runners/)
    },
  )

  it('a drain cancelled while a DELETE is in flight counts it: deleted-count is what GitHub deleted', async () => {
    for (let i = 0; i < 6; i++)
      t.sim.addRunner('org:octo-fleet', { name: `slow-${i}`, labels: ['slow'], status: 'offline' })
    // each DELETE takes a second to answer; the step is cancelled as the first one's answer is
    // logged, when the second is (most often) already sent
    t.sim.inject(
      faults.slow(1000, { method: 'DELETE', path: '/orgs/{org}/actions/runners/{runner_id}', times: 100 }),
    )
    const run = await actionOn(
      bin,
      t.sim,
      { operation: 'drain-runners', 'name-pattern': 'slow-*' },
      { signal: 'SIGTERM', when: (out) => /Drained runner slow-0/.test(out) },
    )
    expect(run.code).not.toBe(0)
    const gone = 6 - t.sim.runners('org:octo-fleet').filter((r) => r.name.startsWith('slow-')).length
    expect(gone).toBeGreaterThanOrEqual(1)
    expect(run.outputs['deleted-count']).toBe(String(gone))
    expect((JSON.parse(run.outputs.drained!) as unknown[]).length).toBe(gone)
  })

  it('a cancelled step authenticated as a GitHub App still revokes its token', async () => {
    const { privateKey, publicKey } = rsaKeyPair()
    t.sim.addApp(77, publicKey)
    t.sim.addInstallation(77, 'org:octo-fleet')
    for (let i = 0; i < 20; i++)
      t.sim.addRunner('org:octo-fleet', { name: `app-ghost-${i}`, status: 'offline' })
    const run = await runAction({
      node: bin,
      inputs: {
        token: '',
        'app-id': '77',
        'private-key': privateKey,
        'api-url': t.sim.url,
        organization: 'octo-fleet',
        operation: 'prune-runners',
        'name-pattern': 'app-ghost-*',
        'grace-period': '0',
      },
      cancel: { signal: 'SIGTERM', when: (out) => /^Deleted runner app-ghost/m.test(out) },
    })
    expect(run.code).not.toBe(0)
    expect(t.sim.revokedTokens).toHaveLength(1)
  })
})
