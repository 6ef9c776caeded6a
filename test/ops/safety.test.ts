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

describe('a list that names nothing', () => {
  it.each([
    ['set-runner-group-runners', { 'runner-group': 'gpu', runners: ',' }, 'runners'],
    ['set-runner-group-access', { 'runner-group': 'gpu', repositories: ' , ' }, 'repositories'],
    [
      'set-self-hosted-runners-settings',
      { 'enabled-repositories': 'selected', repositories: ',' },
      'repositories',
    ],
  ])('%s with %j is an input error, never "clear the list"', async (operation, inputs, input) => {
    t.sim.addRunnerGroup('org:octo-fleet', { name: 'gpu', visibility: 'selected' })
    await expect(t.run({ ...org, operation, ...inputs })).rejects.toThrow(
      new RegExp(`Input '${input}': '.*' names nothing`),
    )
    expect(t.sim.requests).toEqual([])
  })
})

describe('a guard the operation does not read', () => {
  it('fails a changing operation instead of being ignored: dry-run on delete-runner never deletes', async () => {
    const [r] = ghosts(1)
    await expect(
      t.run({ ...org, operation: 'delete-runner', 'runner-id': String(r!.id), 'dry-run': 'true' }),
    ).rejects.toThrow(/Input 'dry-run': delete-runner has no dry run: it would change things for real/)
    await expect(
      t.run({ ...org, operation: 'delete-runner-group', 'runner-group': '5', 'dry-run': 'TRUE' }),
    ).rejects.toThrow(/Input 'dry-run'/)
    expect(t.sim.requests).toEqual([])
    expect(t.sim.runner(r!.id)).toBeDefined()
  })

  it('a runner or a cap the prune does not read fails it, instead of widening it to every offline runner', async () => {
    ghosts(3)
    await expect(t.run({ ...org, operation: 'prune-runners', 'runner-name': 'ci-1' })).rejects.toThrow(
      /Input 'runner-name': prune-runners does not read runner-name/,
    )
    await expect(t.run({ ...org, operation: 'prune-runners', 'max-runners': '1' })).rejects.toThrow(
      /Input 'max-runners'/,
    )
    expect(t.sim.requests).toEqual([])
  })

  it('is only a warning on a read-only operation, and dry-run: false is no guard', async () => {
    const [r] = ghosts(1)
    const p = await t.run({
      ...org,
      operation: 'get-runner',
      'runner-id': String(r!.id),
      'dry-run': 'true',
      exclude: 'x',
    })
    expect(p.outputs['runner-id']).toBe(String(r!.id))
    t.sim.addRunnerGroup('org:octo-fleet', { name: 'tmp' })
    await t.run({ ...org, operation: 'delete-runner-group', 'runner-group': 'tmp', 'dry-run': 'false' })
    expect(t.sim.runnerGroups('org:octo-fleet').map((g) => g.name)).not.toContain('tmp')
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

describe('a negating name-pattern gets a positive form that works when followed', () => {
  const names = ['a1', 'ab', 'bb', 'ba', 'ci-prod-1', 'ci-pr', 'ci-test', 'ci-x', 'gpu-3', 'gpu-7', 'zz']
  const allBut = (...left: string[]) => names.filter((n) => !left.includes(n))
  it.each([
    ['[!a]*', allBut('a1', 'ab')],
    ['[^a]*', allBut('a1', 'ab')],
    ['ci-[!p]*', ['ci-test', 'ci-x']],
    ['[!a][!b]*', allBut('a1', 'ab', 'bb')],
    ['ci-!(prod)*', ['ci-pr', 'ci-test', 'ci-x']],
    ['gpu-[!0-4]', ['gpu-7']],
  ])('%s: the suggested name-pattern and exclude are accepted and select %j', async (pattern, meant) => {
    for (const name of names) t.sim.addRunner('org:octo-fleet', { name })
    const error = await t.run({ ...org, operation: 'list-runners', 'name-pattern': pattern }).then(
      () => '',
      (e: Error) => e.message,
    )
    const advice = /Write it positively: name-pattern: (.+) with exclude: (.+)\.$/.exec(error)
    expect(advice, error).not.toBeNull()
    const r = await t.run({
      ...org,
      operation: 'list-runners',
      'name-pattern': advice![1]!,
      exclude: advice![2]!,
    })
    expect((r.outputs.runners as { name: string }[]).map((x) => x.name).sort()).toEqual([...meant].sort())
  })
})

describe("'!' in name patterns", () => {
  it('is refused in name-pattern (it would select everything else) and points at exclude', async () => {
    ghosts(2)
    t.sim.addRunner('org:octo-fleet', { name: 'db-primary', status: 'offline' })
    await expect(
      t.run({ ...org, operation: 'prune-runners', 'name-pattern': 'ci-*,!ci-prod-*', 'grace-period': '0' }),
    ).rejects.toThrow(
      /Input 'name-pattern': '!ci-prod-\*' negates.*Put the names to leave out \(ci-prod-\*\) in exclude instead/,
    )
    await expect(t.run({ ...org, operation: 'prune-runners', exclude: '!db-*' })).rejects.toThrow(
      /Input 'exclude': '!db-\*' negates/,
    )
    // a negated character class or extglob selects everything else just the same
    for (const pattern of ['[!p]*', '[^p]*', 'ci-!(prod)*'])
      await expect(t.run({ ...org, operation: 'prune-runners', 'name-pattern': pattern })).rejects.toThrow(
        /Input 'name-pattern': .* negates/,
      )
    // a pasted zero-width space would make an exclude entry match nothing, and protect nothing
    await expect(t.run({ ...org, operation: 'prune-runners', exclude: 'db-*\u200b' })).rejects.toThrow(
      /Input 'exclude': .* invisible or control character/,
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
    // while the prune waits for the second write slot, the second runner's machine connects
    const time = fakeTime(() => void (second!.status = 'online'))
    const r = await t.run(
      { ...org, operation: 'prune-runners', 'grace-period': '0' },
      { client: { pacer: { capacity: 1, windowMs: 60_000 } } },
    )
    expect(time.slept).toEqual([60_000]) // the one wait: for the slot the first DELETE used
    expect(r.outputs.deleted).toEqual([expect.objectContaining({ id: first!.id })])
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

describe('a 404 that is not the API’s', () => {
  it('never reads as "already gone": a proxy page answering a DELETE fails the prune instead of reporting it deleted', async () => {
    ghosts(2)
    t.sim.inject({
      method: 'DELETE',
      path: '/orgs/{org}/actions/runners/{runner_id}',
      times: 100,
      status: 404,
      raw: '<html><body>Not here</body></html>',
      headers: { 'content-type': 'text/html' },
    })
    const r = await t.run({ ...org, operation: 'prune-runners', 'grace-period': '0' })
    expect(r.outputs.deleted).toEqual([])
    expect((r.outputs.failed as unknown[]).length).toBe(2)
    expect(r.failure).toMatch(/2 of 2 deletions failed/)
    expect(t.sim.runners('org:octo-fleet')).toHaveLength(2)
  })
})

describe('an exclude entry that matches nothing', () => {
  it('is named in a warning: misspelled, it protects nothing', async () => {
    ghosts(2)
    t.sim.addRunner('org:octo-fleet', { name: 'prod-db-1', status: 'offline' })
    const r = await t.run({
      ...org,
      operation: 'prune-runners',
      exclude: 'prod-*,prd-db-*',
      'dry-run': 'true',
    })
    expect(r.warnings).toEqual([expect.stringMatching(/^exclude entry 'prd-db-\*' matches no runner/)])
  })
})
