/**
 * The built dist/index.js run as the Actions runner runs it (test/support/bundle.ts): outputs
 * chained from step to step, secrets masked and kept out of logs and summaries, GitHub App
 * authentication, errors that say what to do. Cancellation: cancel.test.ts; input errors:
 * inputs.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN, startSimulator } from '../../sim/index.js'
import { runAction } from '../../scripts/action-runner.js'
import { actionOn, expectNoSecrets, NODES, useDemoSimulator } from '../support/bundle.js'
import { rsaKeyPair } from '../support/world.js'

const t = useDemoSimulator()

describe.each(NODES)('dist/index.js on $name', ({ bin }) => {
  const action = (inputs: Record<string, string>) => actionOn(bin, t.sim, inputs)

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
    expect(t.sim.runner(Number(id))!.labels.map((l) => l.name)).toContain('gpu')
    expectNoSecrets(jit, [...t.sim.issuedSecrets, DEFAULT_TOKEN])
    expectNoSecrets(labels, [...t.sim.issuedSecrets, DEFAULT_TOKEN])
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

  it('masks the registration token and keeps it out of logs and the summary', async () => {
    const run = await action({ operation: 'create-registration-token' })
    expect(run.code).toBe(0)
    const token = run.outputs.token!
    expect(t.sim.issuedSecrets).toContain(token)
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
    // The summary ends with the budget line: requests, and the primary rate limit used and left.
    expect(run.summary.trim()).toMatch(
      /\n_\d+ requests? · primary rate limit: \d+ used by this step, [\d,]+ of 5,000 left, resets \d\d:\d\d UTC_$/,
    )
    expect(JSON.parse(run.outputs.result!)).toEqual(runners)
  })

  it('a GitHub error fails the step with an actionable message and no secret', async () => {
    t.sim.addToken('ghs_workflowtoken0000000000000000000000', { kind: 'github-token' })
    const run = await action({ operation: 'list-runners', token: 'ghs_workflowtoken0000000000000000000000' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(/GITHUB_TOKEN, which can never manage self-hosted runners/)
    // A failed step's summary says why first, and still ends with what it spent.
    expect(run.summary).toMatch(/^### The step failed\n\n⛔ list-runners: GitHub answered 403/)
    expect(run.summary.trim()).toMatch(
      /\n_1 request · primary rate limit: 1 used by this step, 4,999 of 5,000 left, resets \d\d:\d\d UTC_$/,
    )
    expectNoSecrets(run, ['ghs_workflowtoken0000000000000000000000'])
  })

  it('authenticates as a GitHub App: the installation token is minted, used, masked, and neither it nor the key is shown', async () => {
    const { privateKey, publicKey } = rsaKeyPair()
    t.sim.addApp(99, publicKey)
    t.sim.addInstallation(99, 'org:octo-fleet')
    const run = await action({
      operation: 'create-registration-token',
      token: '',
      'app-id': '99',
      'private-key': privateKey,
    })
    expect(run.code).toBe(0)
    const [used, revoked] = t.sim.requests.slice(-2)
    expect(used!.path).toBe('/orgs/octo-fleet/actions/runners/registration-token')
    expect(used!.auth).toMatch(/^ghs_/)
    expect(revoked).toMatchObject({ method: 'DELETE', path: '/installation/token', auth: used!.auth })
    expect(run.masks).toContain(used!.auth)
    const keyLines = privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))
    expectNoSecrets(run, [used!.auth!, run.outputs.token!, ...keyLines, t.sim.requests[0]!.auth!])
  })
})
