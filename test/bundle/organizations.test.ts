/**
 * The many-organizations flow through the built dist/index.js, as three jobs of a workflow run
 * it: list-organizations for the matrix, report-runners per organization (each result file kept,
 * as an artifact would be), then merge-reports over the files, with no token and no request.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN } from '../../sim/index.js'
import { runAction } from '../../scripts/action-runner.js'
import { NODES, actionOn, useDemoSimulator } from '../support/bundle.js'

const t = useDemoSimulator()
let workspace = ''
beforeEach(() => void (workspace = mkdtempSync(join(tmpdir(), 'fan-out-'))))
afterEach(() => rmSync(workspace, { recursive: true, force: true }))

describe.each(NODES)('dist/index.js on $name, across organizations', ({ bin }) => {
  it('lists the organizations as a matrix, reports each, and merges the result files', async () => {
    t.sim.addOrg('fleet-b')
    t.sim.addRunner('org:fleet-b', { name: 'b-1', status: 'online' })
    t.sim.addRunner('org:fleet-b', { name: 'b-2', status: 'offline' })
    t.sim.addUser('sim-admin', { organizations: ['octo-fleet', 'fleet-b'] })

    const list = await actionOn(bin, t.sim, { operation: 'list-organizations', organization: '' })
    expect(list.code).toBe(0)
    const matrix = JSON.parse(list.outputs.matrix!) as { organization: string[] }
    expect(matrix.organization).toEqual(['fleet-b', 'octo-fleet'])

    const totals: number[] = []
    for (const org of matrix.organization) {
      // each job's RUNNER_TEMP under the workspace: its result file stays, as a downloaded artifact
      const report = await runAction({
        node: bin,
        inputs: {
          operation: 'report-runners',
          organization: org,
          'api-url': t.sim.url,
          token: DEFAULT_TOKEN,
        },
        env: { RUNNER_TEMP: mkdtempSync(join(workspace, `${org}-`)) },
      })
      expect(report.code).toBe(0)
      totals.push(Number(report.outputs.total))
    }

    const before = t.sim.requests.length
    const merge = await runAction({
      node: bin,
      inputs: { operation: 'merge-reports', 'report-files': '*/runner-manager-*/result.json', token: '' },
      env: { GITHUB_WORKSPACE: workspace },
    })
    expect(merge.errors).toEqual([])
    expect(merge.code).toBe(0)
    expect(t.sim.requests.length).toBe(before) // no request
    expect(Number(merge.outputs.total)).toBe(totals[0]! + totals[1]!)
    const byOrg = JSON.parse(merge.outputs['by-organization']!) as Record<string, { total: number }>
    expect(Object.keys(byOrg)).toEqual(['organization:fleet-b', 'organization:octo-fleet'])
    expect(byOrg['organization:fleet-b']!.total).toBe(2)
    expect(merge.summary).toMatch(/fleet-b/)
  })
})
