/** set-runner-group-access with `none`: the explicit empty list (an empty value is an input error). */
import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()

describe('runner group access: none', () => {
  it.each<{ scope: string; inputs: Record<string, string>; noun: string }>([
    { scope: 'organization', inputs: { organization: 'octo-fleet' }, noun: 'repositories' },
    { scope: 'enterprise', inputs: { enterprise: 'octo-corp' }, noun: 'organizations' },
  ])(
    'set-runner-group-access with $noun: none shares an $scope group with none',
    async ({ inputs, noun }) => {
      const owner = 'organization' in inputs ? 'org:octo-fleet' : 'enterprise:octo-corp'
      t.sim.addRunnerGroup(owner, { name: 'gpu', visibility: 'selected' })
      const given = { ...inputs, 'runner-group': 'gpu' }
      await t.run({
        ...given,
        operation: 'add-runner-group-access',
        [noun]: 'organization' in inputs ? 'app' : 'octo-fleet',
      })
      const set = await t.run({ ...given, operation: 'set-runner-group-access', [noun]: 'None' })
      expect(set.outputs[noun]).toEqual([])
      const listed = await t.run({ ...given, operation: 'list-runner-group-access' })
      expect(listed.outputs[noun]).toEqual([])
      const before = t.sim.requests.length
      await expect(t.run({ ...given, operation: 'add-runner-group-access', [noun]: 'none' })).rejects.toThrow(
        new RegExp(`^Input '${noun}': .*none`),
      )
      expect(t.sim.requests.length).toBe(before)
    },
  )
})
