/** What GitHub offers for hosted runners: limits, machine sizes, platforms. */
import type { components } from '@octokit/openapi-types'
import type { Api } from '../github/api.js'
import { describeTarget, ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation, type Operation } from '../registry/define.js'
import { HOSTED, HOSTED_PERMISSION, machineSizes, type MachineSpec } from '../github/hosted-lookup.js'
import type { Summary } from '../registry/operation-result.js'

type Limits = components['schemas']['actions-hosted-runner-limits']
const FAMILY = 'GitHub-hosted runners'

/** A list operation that needs no input: one request, one output. */
function catalogList<T>(
  name: string,
  description: string,
  output: string,
  fetch: (api: Api, target: Target) => Promise<T[]>,
  summary: (items: T[], target: Target) => Summary,
): Operation {
  return defineOperation({
    name,
    family: FAMILY,
    description,
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    changes: false,
    inputs: {},
    outputs: [output],
    run: async (api, target) => {
      const items = await fetch(api, target)
      return { result: items, outputs: { [output]: items }, summary: summary(items, target) }
    },
  })
}

export const hostedCatalogOperations = [
  defineOperation({
    name: 'get-hosted-runner-limits',
    family: FAMILY,
    description: 'Get the limits on GitHub-hosted runners (static public IPs).',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    changes: false,
    inputs: {},
    outputs: ['limits'],
    run: async (api, target) => {
      const { data: limits } = await api.request<Limits>(target, `GET ${HOSTED}/limits`)
      const ips = limits.public_ips
      return {
        result: limits,
        outputs: { limits },
        summary: {
          heading: `Hosted runner limits of ${describeTarget(target)}`,
          table: {
            header: ['Limit', 'In use', 'Maximum'],
            rows: [['Static public IPs', ips.current_usage, ips.maximum]],
          },
        },
      }
    },
  }),

  catalogList<MachineSpec>(
    'list-hosted-runner-machine-sizes',
    'List the machine sizes hosted runners can have.',
    'machine-sizes',
    machineSizes,
    (sizes, target) => ({
      heading: `Hosted runner machine sizes in ${describeTarget(target)}`,
      table: {
        header: ['Size', 'CPU cores', 'Memory (GB)', 'Storage (GB)'],
        rows: sizes.map((m) => [m.id, m.cpu_cores, m.memory_gb, m.storage_gb]),
      },
    }),
  ),

  catalogList<string>(
    'list-hosted-runner-platforms',
    'List the platforms hosted runners can run.',
    'platforms',
    async (api, target) =>
      (await api.request<{ platforms: string[] }>(target, `GET ${HOSTED}/platforms`)).data.platforms,
    (platforms, target) => ({
      heading: `Hosted runner platforms in ${describeTarget(target)}`,
      table: { header: ['Platform'], rows: platforms.map((p) => [p]) },
    }),
  ),
]
