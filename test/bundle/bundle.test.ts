/**
 * The built dist/index.js, run as a child process the way the Actions runner runs it, against
 * the simulator: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, exit codes.
 * On Node 24 too (the action's runtime) when scripts/install-node24.sh has put it in .tools/.
 */
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../sim/index.js'
import { seedDemo } from '../../sim/seed.js'
import { NODE24, runAction, type ActionRun } from '../../scripts/action-runner.js'
import { rsaKeyPair } from '../support/world.js'

const nodes = [{ name: `node ${process.version}`, bin: process.execPath }]
if (existsSync(NODE24)) nodes.push({ name: 'node 24', bin: NODE24 })

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator()
  seedDemo(sim)
})
afterEach(async () => {
  const violations = sim.violations
  await sim.close()
  expect(violations).toEqual([])
})

/** No credential in anything the runner would show or keep: log lines, stderr, outputs' summary. */
function expectNoSecrets(run: ActionRun, secrets: string[]) {
  const shownStdout = run.rawStdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  for (const s of secrets) {
    expect(shownStdout).not.toContain(s)
    expect(run.rawStderr).not.toContain(s)
    expect(run.summary).not.toContain(s)
  }
}

describe.each(nodes)('dist/index.js on $name', ({ bin }) => {
  const action = (inputs: Record<string, string>) =>
    runAction({
      node: bin,
      inputs: { token: DEFAULT_TOKEN, 'api-url': sim.url, organization: 'octo-fleet', ...inputs },
    })

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a prune cancelled with %s stops before its next deletion and leaves outputs and a summary of what it did',
    async (signal) => {
      const ghosts = Array.from({ length: 30 }, (_, i) =>
        sim.addRunner('org:octo-fleet', { name: `cancel-ghost-${i}`, status: 'offline' }),
      )
      const deletedLines = (out: string) => (out.match(/^Deleted runner cancel-ghost/gm) ?? []).length
      const run = await runAction({
        node: bin,
        inputs: {
          token: DEFAULT_TOKEN,
          'api-url': sim.url,
          organization: 'octo-fleet',
          operation: 'prune-runners',
          'name-pattern': 'cancel-ghost-*',
          'grace-period': '0',
        },
        cancel: { signal, when: (out) => deletedLines(out) >= 3 },
      })
      expect(run.code).not.toBe(0)
      expect(run.errors.join('\n')).toMatch(/cancelled/)
      const deleted = JSON.parse(run.outputs.deleted!) as { id: number }[]
      const skipped = JSON.parse(run.outputs.skipped!) as { reason: string }[]
      expect(deleted.length).toBeGreaterThanOrEqual(3)
      expect(deleted.length).toBeLessThan(30)
      expect(skipped.some((x) => /not attempted: the step was cancelled/.test(x.reason))).toBe(true)
      // the record matches GitHub: every runner reported deleted is gone, the rest are there
      const left = new Set(sim.runners('org:octo-fleet').map((r) => r.id))
      for (const d of deleted) expect(left.has(d.id)).toBe(false)
      expect(left.size + deleted.length).toBe(sim.runners('org:octo-fleet').length + deleted.length)
      expect(ghosts.filter((g) => !left.has(g.id))).toHaveLength(deleted.length)
      expect(run.summary).toMatch(/Prune runners/)
    },
  )

  it('a cancelled step authenticated as a GitHub App still revokes its token', async () => {
    const { privateKey, publicKey } = rsaKeyPair()
    sim.addApp(77, publicKey)
    sim.addInstallation(77, 'org:octo-fleet')
    for (let i = 0; i < 20; i++)
      sim.addRunner('org:octo-fleet', { name: `app-ghost-${i}`, status: 'offline' })
    const run = await runAction({
      node: bin,
      inputs: {
        token: '',
        'app-id': '77',
        'private-key': privateKey,
        'api-url': sim.url,
        organization: 'octo-fleet',
        operation: 'prune-runners',
        'name-pattern': 'app-ghost-*',
        'grace-period': '0',
      },
      cancel: { signal: 'SIGTERM', when: (out) => /^Deleted runner app-ghost/m.test(out) },
    })
    expect(run.code).not.toBe(0)
    expect(sim.revokedTokens).toHaveLength(1)
  })

  it('chains create-jit-config into add-labels through the runner-id output', async () => {
    const jit = await action({ operation: 'create-jit-config', labels: 'self-hosted,linux,x64' })
    expect(jit.code).toBe(0)
    const id = jit.outputs['runner-id']!
    expect(id).toMatch(/^\d+$/)
    expect(jit.masks).toContain(jit.outputs['encoded-jit-config'])
    expect(JSON.parse(jit.outputs.result!)).toMatchObject({
      runner: { id: Number(id), name: jit.outputs['runner-name'] },
    })

    const labels = await action({ operation: 'add-labels', 'runner-id': id, labels: 'gpu' })
    expect(labels.code).toBe(0)
    expect(JSON.parse(labels.outputs.labels!)).toEqual(expect.arrayContaining(['self-hosted', 'gpu']))
    expect(sim.runner(Number(id))!.labels.map((l) => l.name)).toContain('gpu')
    expectNoSecrets(jit, [...sim.issuedSecrets, DEFAULT_TOKEN])
    expectNoSecrets(labels, [...sim.issuedSecrets, DEFAULT_TOKEN])
  })

  it('carries the GHES availability data: a server without the route gets the version error', async () => {
    const ghes = await startSimulator({ basePath: '/api/v3', ghesVersion: '3.18.0' })
    try {
      ghes.addOrg('octo-fleet')
      const run = await runAction({
        node: bin,
        inputs: {
          token: DEFAULT_TOKEN,
          'api-url': ghes.url,
          organization: 'octo-fleet',
          operation: 'get-self-hosted-runners-settings',
        },
      })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toMatch(
        /Self-hosted runner settings need GitHub Enterprise Server 3.19 or newer; this server runs 3.18.0/,
      )
      expect(ghes.violations).toEqual([])
    } finally {
      await ghes.close()
    }
  })

  it('warns about an input the operation does not read', async () => {
    const run = await action({ operation: 'list-runners', 'runner-group': 'gpu-fleet', status: 'online' })
    expect(run.code).toBe(0)
    expect(run.warnings).toContain(
      "Input 'runner-group' is not used by operation list-runners; it was ignored.",
    )
  })

  it('masks the registration token and keeps it out of logs and the summary', async () => {
    const run = await action({ operation: 'create-registration-token' })
    expect(run.code).toBe(0)
    const token = run.outputs.token!
    expect(sim.issuedSecrets).toContain(token)
    expect(run.masks).toContain(token)
    expect(run.rawStdout.indexOf(`::add-mask::${token}`)).toBeGreaterThanOrEqual(0)
    expect(run.summary).toContain('Registration token')
    expectNoSecrets(run, [token, DEFAULT_TOKEN])
  })

  it('lists runners with a summary table and JSON outputs', async () => {
    const run = await action({ operation: 'list-runners', status: 'offline' })
    expect(run.code).toBe(0)
    const runners = JSON.parse(run.outputs.runners!) as { status: string }[]
    expect(runners.length).toBe(Number(run.outputs.count))
    expect(runners.every((r) => r.status === 'offline')).toBe(true)
    expect(run.summary).toMatch(/\| Name \| ID \| Status \| Busy \| OS \| Labels \|/)
    expect(JSON.parse(run.outputs.result!)).toEqual(runners)
  })

  it.each([
    [
      { operation: 'reboot-everything' },
      /Input 'operation': 'reboot-everything' is not an operation; the log lists/,
    ],
    [{ operation: 'list-runners', repository: 'octo-fleet/app' }, /Input 'repository, organization'/],
    [
      {
        operation: 'add-labels',
        'runner-id': '1',
        labels: Array.from({ length: 101 }, (_, i) => `l${i}`).join('\n'),
      },
      /Input 'labels'/,
    ],
    [{ operation: 'get-runner', 'runner-id': 'abc' }, /Input 'runner-id'/],
    [{ operation: 'create-jit-config', labels: 'x', 'runner-name': 'runner:1' }, /Input 'runner-name'/],
  ])('input error %j exits 1 before any request', async (inputs, message) => {
    const run = await action(inputs)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(message)
    expect(sim.requests).toEqual([])
  })

  it('a misspelled operation suggests the closest; the log lists the valid ones', async () => {
    const run = await action({ operation: 'prune-runner' })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      "Input 'operation': 'prune-runner' is not an operation (did you mean 'prune-runners'?); the log lists the valid operations",
    ])
    expect(run.log).toMatch(/Valid operations:\n {2}create-registration-token\n/)
    expect(run.summary).toMatch(/^### The step failed\n\n⛔ Input 'operation'/)
  })

  it('a GitHub error fails the step with an actionable message and no secret', async () => {
    sim.addToken('ghs_workflowtoken0000000000000000000000', { kind: 'github-token' })
    const run = await action({ operation: 'list-runners', token: 'ghs_workflowtoken0000000000000000000000' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(/GITHUB_TOKEN, which can never manage self-hosted runners/)
    expectNoSecrets(run, ['ghs_workflowtoken0000000000000000000000'])
  })

  it('authenticates as a GitHub App: the installation token is minted, used, masked, and neither it nor the key is shown', async () => {
    const { privateKey, publicKey } = rsaKeyPair()
    sim.addApp(99, publicKey)
    sim.addInstallation(99, 'org:octo-fleet')
    const run = await action({
      operation: 'create-registration-token',
      token: '',
      'app-id': '99',
      'private-key': privateKey,
    })
    expect(run.code).toBe(0)
    const [used, revoked] = sim.requests.slice(-2)
    expect(used!.path).toBe('/orgs/octo-fleet/actions/runners/registration-token')
    expect(used!.auth).toMatch(/^ghs_/)
    expect(revoked).toMatchObject({ method: 'DELETE', path: '/installation/token', auth: used!.auth })
    expect(run.masks).toContain(used!.auth)
    const keyLines = privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))
    expectNoSecrets(run, [used!.auth!, run.outputs.token!, ...keyLines, sim.requests[0]!.auth!])
  })
})
