/** Issue "never delete or change the wrong thing": each rule against the simulator. */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const org = { organization: 'octo-fleet' }

function ghosts(n: number) {
  return Array.from({ length: n }, (_, i) =>
    t.sim.addRunner('org:octo-fleet', { name: `ci-${i}`, status: 'offline' }),
  )
}

describe('misspelled inputs', () => {
  it('fail a prune before any request, naming the input meant (dryrun → dry-run)', async () => {
    ghosts(3)
    await expect(
      t.run({ ...org, operation: 'prune-runners', dryrun: 'true', 'grace-period': '0' }),
    ).rejects.toThrow(/Input 'dryrun': 'dryrun' \(did you mean 'dry-run'\?\) is not an input of this action/)
    await expect(t.run({ ...org, operation: 'prune-runners', excludes: 'ci-1' })).rejects.toThrow(
      /'excludes' \(did you mean 'exclude'\?\)/,
    )
    expect(t.sim.requests).toEqual([])
    expect(t.sim.runners('org:octo-fleet')).toHaveLength(3)
  })

  it('fail every operation that changes something, and only warn on a read-only one', async () => {
    const [r] = ghosts(1)
    await expect(
      t.run({ ...org, operation: 'add-labels', 'runner-id': String(r!.id), labels: 'x', lables: 'y' }),
    ).rejects.toThrow(/'lables' \(did you mean 'labels'\?\)/)
    const listed = await t.run({ ...org, operation: 'list-runners', stauts: 'online' })
    expect(listed.outputs.count).toBe('1')
  })
})

describe('the scope of bulk work', () => {
  it('a prune without repository, organization or enterprise does not fall back to the workflow repository', async () => {
    t.sim.addRunner('repo:octo-fleet/app', { name: 'repo-ghost', status: 'offline' })
    await expect(t.run({ operation: 'prune-runners', 'grace-period': '0' })).rejects.toThrow(
      /Input 'repository': prune-runners needs repository, organization or enterprise set explicitly/,
    )
    expect(t.sim.requests).toEqual([])
    expect(t.sim.runners('repo:octo-fleet/app')).toHaveLength(1)
  })
})

describe("'!' in name patterns", () => {
  it('is refused in name-pattern (it would select everything else) and points at exclude', async () => {
    ghosts(2)
    t.sim.addRunner('org:octo-fleet', { name: 'db-primary', status: 'offline' })
    await expect(
      t.run({ ...org, operation: 'prune-runners', 'name-pattern': 'ci-*,!ci-prod-*', 'grace-period': '0' }),
    ).rejects.toThrow(
      /Input 'name-pattern': '!ci-prod-\*' starts with '!'.*Put ci-prod-\* in exclude instead/,
    )
    await expect(t.run({ ...org, operation: 'prune-runners', exclude: '!db-*' })).rejects.toThrow(
      /Input 'exclude': '!db-\*' starts with '!'/,
    )
    expect(t.sim.requests).toEqual([])
    expect(t.sim.runners('org:octo-fleet')).toHaveLength(3)
  })
})

describe('a deletion whose answer was lost', () => {
  it('counts as deleted for runner groups and hosted runners (the re-sent DELETE gets 404)', async () => {
    const group = t.sim.addRunnerGroup('org:octo-fleet', { name: 'gpu' })
    t.sim.inject({
      method: 'DELETE',
      path: '/orgs/{org}/actions/runner-groups/{runner_group_id}',
      network: 'after',
    })
    const g = await t.run({ ...org, operation: 'delete-runner-group', 'runner-group': 'gpu' })
    expect(g.result).toMatchObject({ id: group.id, deleted: true })
    expect(t.sim.runnerGroups('org:octo-fleet').map((x) => x.name)).not.toContain('gpu')

    const hosted = t.sim.addHostedRunner('org:octo-fleet', {
      name: 'linux-big',
      image: { id: 'ubuntu-24.04', source: 'github' },
    })
    t.sim.inject({
      method: 'DELETE',
      path: '/orgs/{org}/actions/hosted-runners/{hosted_runner_id}',
      network: 'after',
    })
    const h = await t.run({ ...org, operation: 'delete-hosted-runner', 'hosted-runner': 'linux-big' })
    expect(h.outputs['hosted-runner-id']).toBe(String(hosted.id))
    const deletes = t.sim.requests.filter((q) => q.method === 'DELETE').map((q) => q.status)
    expect(deletes).toEqual([204, 404, 202, 404])
  })
})

describe('the look that decides a DELETE', () => {
  it('is taken after the pacer wait: a runner that comes online while the prune waits for its slot is kept', async () => {
    const [first, second] = ghosts(2)
    t.sim.onRequest((req) => {
      // the moment the first runner is deleted, the second one's machine connects, a little later
      if (req.method === 'DELETE' && req.path.endsWith(`/${first!.id}`))
        setTimeout(() => void (second!.status = 'online'), 100)
    })
    const r = await t.run(
      { ...org, operation: 'prune-runners', 'grace-period': '0' },
      { client: { pacer: { capacity: 1, windowMs: 500 } } },
    )
    expect(r.outputs['deleted-count']).toBe('1')
    expect(r.outputs.skipped).toEqual([
      {
        id: second!.id,
        name: second!.name,
        reason: expect.stringMatching(/no longer matches.*now online/) as string,
      },
    ])
    expect(t.sim.runner(second!.id)).toBeDefined()
  })

  it('is taken again after a rate-limit wait: a runner that turned busy meanwhile is kept', async () => {
    const [only] = ghosts(1)
    fakeTime()
    t.sim.inject(faults.secondaryLimit({ retryAfter: 30 }, { method: 'DELETE', times: 1 }))
    let looks = 0
    t.sim.onRequest((req) => {
      // GitHub held the DELETE back; during the wait the runner took a job, as the next look shows
      if (req.method === 'GET' && req.path.endsWith(`/${only!.id}`) && ++looks === 2) only!.busy = true
    })
    const r = await t.run({ ...org, operation: 'prune-runners', 'grace-period': '0' })
    expect(r.outputs['deleted-count']).toBe('0')
    expect(r.outputs.skipped).toEqual([
      { id: only!.id, name: only!.name, reason: expect.stringMatching(/busy/) as string },
    ])
    expect(t.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(1)
    expect(t.sim.runner(only!.id)).toBeDefined()
  })
})

describe('an answer that is not the API', () => {
  it('a runner list of the wrong shape stops a prune before any DELETE', async () => {
    ghosts(3)
    t.sim.inject(
      faults.wrongShape({ total_count: 3, runners: [{ name: 'no-id' }] }, { method: 'GET', times: 1 }),
    )
    await expect(t.run({ ...org, operation: 'prune-runners', 'grace-period': '0' })).rejects.toThrow(
      /is not the GitHub API: its answer to GET \/actions\/runners is JSON, but not a list of runners/,
    )
    expect(t.calls().some((c) => c.startsWith('DELETE'))).toBe(false)
  })

  it('a token answer without a token fails instead of succeeding with an empty token', async () => {
    t.sim.inject(faults.wrongShape({ ok: true }, { method: 'POST', times: 1 }))
    await expect(t.run({ ...org, operation: 'create-registration-token' })).rejects.toThrow(
      /is not the GitHub API: .*not a registration token/,
    )
  })

  it('a lookup answer without a numeric id is never used in a route', async () => {
    const group = t.sim.addRunnerGroup('org:octo-fleet', { name: 'gpu', visibility: 'selected' })
    t.sim.inject(faults.wrongShape({ id: '..' }, { method: 'GET', path: '/repos/{owner}/{repo}', times: 1 }))
    await expect(
      t.run({
        ...org,
        operation: 'add-runner-group-access',
        'runner-group': String(group.id),
        repositories: 'app',
      }),
    ).rejects.toThrow(/not an id/)
    expect(t.calls().filter((c) => c.startsWith('PUT'))).toEqual([])
  })
})
