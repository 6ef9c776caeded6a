/**
 * A realistic, deterministic fleet for demos and end-to-end tests: organization `octo-fleet`
 * (enterprise `octo-corp`) with 240 self-hosted runners (a listing spans 3 pages of 100):
 * 60 long-lived machines, some busy, and 180 ephemeral autoscaler runners, most of them
 * offline leftovers. Plus groups, a repository with its own runners, enterprise runners,
 * GitHub-hosted runners and a custom image. Same output on every run (seeded PRNG).
 */
import type { SimRunnerInput, Simulator } from './types.js'

export const DEMO = {
  enterprise: 'octo-corp',
  org: 'octo-fleet',
  repo: 'octo-fleet/app',
  /** The workflow's GITHUB_TOKEN (cannot manage runners). */
  workflowToken: 'ghs_demoworkflowtoken0000000000000000',
  /** A classic PAT with only the `repo` scope. */
  repoOnlyToken: 'ghp_demoreponly000000000000000000000000',
} as const

export interface DemoSeed {
  groups: { gpuFleet: number; linuxLarge: number; enterpriseShared: number }
  orgRunnerCount: number
}

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ORG = `org:${DEMO.org}` as const
const ENTERPRISE = `enterprise:${DEMO.enterprise}` as const

type DemoGroups = Record<keyof DemoSeed['groups'], { id: number }>

export function seedDemo(sim: Simulator, seed = 20240917): DemoSeed {
  const rand = prng(seed)
  const { app, labs } = seedAccounts(sim)
  const groups = seedGroups(sim, app.id, labs.id)
  const orgRunnerCount = seedOrgRunners(sim, rand, groups)
  seedRepoAndEnterpriseRunners(sim, groups)
  seedHostedRunners(sim, groups)
  return {
    groups: {
      gpuFleet: groups.gpuFleet.id,
      linuxLarge: groups.linuxLarge.id,
      enterpriseShared: groups.enterpriseShared.id,
    },
    orgRunnerCount,
  }
}

/** The enterprise, its organizations and repositories, and the tokens that cannot manage runners. */
function seedAccounts(sim: Simulator) {
  sim.addEnterprise(DEMO.enterprise)
  sim.addOrg(DEMO.org, { enterprise: DEMO.enterprise })
  const labs = sim.addOrg('octo-labs', { enterprise: DEMO.enterprise })
  const app = sim.addRepo(DEMO.repo)
  sim.addRepo(`${DEMO.org}/infra`)
  sim.addToken(DEMO.workflowToken, { kind: 'github-token' })
  sim.addToken(DEMO.repoOnlyToken, { kind: 'classic', scopes: ['repo'], login: 'octo-dev' })
  return { app, labs }
}

function seedGroups(sim: Simulator, appId: number, labsId: number): DemoGroups {
  const gpuFleet = sim.addRunnerGroup(ORG, {
    name: 'gpu-fleet',
    visibility: 'selected',
    selected_repository_ids: [appId],
  })
  const linuxLarge = sim.addRunnerGroup(ORG, { name: 'linux-large' })
  const enterpriseShared = sim.addRunnerGroup(ENTERPRISE, {
    name: 'enterprise-shared',
    visibility: 'selected',
    selected_organization_ids: [labsId],
  })
  return { gpuFleet, linuxLarge, enterpriseShared }
}

/** The organization's 240 runners: long-lived machines and ephemeral ones. Returns their count. */
function seedOrgRunners(sim: Simulator, rand: () => number, groups: DemoGroups): number {
  const chance = (p: number) => rand() < p
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
  const { gpuFleet, linuxLarge } = groups

  // Long-lived machines: online, a third of them busy.
  const fixed: [prefix: string, count: number, r: Omit<SimRunnerInput, 'name'>][] = [
    ['build-linux-x64', 24, {}],
    ['gpu-a100', 8, { labels: ['gpu', 'cuda-12'], runner_group_id: gpuFleet.id }],
    ['large-linux-x64', 12, { labels: ['linux-large'], runner_group_id: linuxLarge.id }],
    ['mac-mini-m2', 6, { os: 'macos', arch: 'ARM64', labels: ['xcode-16'] }],
    ['build-linux-arm64', 6, { arch: 'ARM64', labels: ['graviton'] }],
    ['win-2022', 4, { os: 'windows', labels: ['windows-build'] }],
  ]
  let count = 0
  for (const [prefix, n, r] of fixed) {
    for (let i = 1; i <= n; i++) {
      sim.addRunner(ORG, { ...r, name: `${prefix}-${String(i).padStart(2, '0')}`, busy: chance(0.33) })
      count++
    }
  }

  // Ephemeral autoscaler runners: mostly offline leftovers, a few running a job right now.
  const kinds: [kind: string, r: Omit<SimRunnerInput, 'name'>][] = [
    ['linux-x64', {}],
    ['linux-x64', { labels: ['linux-large'], runner_group_id: linuxLarge.id }],
    ['linux-arm64', { arch: 'ARM64', labels: ['graviton'] }],
    ['gpu', { labels: ['gpu'], runner_group_id: gpuFleet.id }],
  ]
  const taken = new Set<string>()
  while (count < 240) {
    const [kind, r] = kinds[Math.floor(rand() * kinds.length)] ?? ['linux-x64', {}]
    const name = `ephemeral-${kind}-${hex(8)}`
    if (taken.has(name)) continue
    taken.add(name)
    const live = chance(0.06)
    const neverConnected = !live && chance(0.1)
    sim.addRunner(ORG, {
      ...r,
      name,
      ephemeral: true,
      status: live ? 'online' : 'offline',
      busy: live,
      ...(neverConnected ? { version: null } : {}),
    })
    count++
  }
  return count
}

function seedRepoAndEnterpriseRunners(sim: Simulator, groups: DemoGroups): void {
  for (const name of ['app-runner-1', 'app-runner-2', 'app-deploy']) {
    sim.addRunner(`repo:${DEMO.repo}`, {
      name,
      busy: name === 'app-runner-2',
      labels: name === 'app-deploy' ? ['deploy'] : [],
    })
  }
  sim.addRunner(ENTERPRISE, { name: 'ent-linux-01' })
  sim.addRunner(ENTERPRISE, { name: 'ent-linux-02', busy: true })
  sim.addRunner(ENTERPRISE, {
    name: 'ent-shared-01',
    runner_group_id: groups.enterpriseShared.id,
    labels: ['shared'],
  })
  sim.addRunner(ENTERPRISE, { name: 'ent-ephemeral-3c9e1f07', ephemeral: true, status: 'offline' })
}

/** A custom image and two GitHub-hosted runners, one of them on it. */
function seedHostedRunners(sim: Simulator, groups: DemoGroups): void {
  const image = sim.addCustomImage(ORG, {
    name: 'node-toolchain',
    versions: [
      {
        version: '1.0.0',
        state: 'Ready',
        size_gb: 72,
        created_on: '2025-05-12T09:30:00Z',
        state_details: 'None',
      },
      {
        version: '1.1.0',
        state: 'Ready',
        size_gb: 75,
        created_on: '2025-06-03T14:05:00Z',
        state_details: 'None',
      },
    ],
  })
  sim.addHostedRunner(ORG, {
    name: 'ubuntu-4core',
    image: { id: 'ubuntu-24.04', source: 'github' },
    size: '4-core',
    maximum_runners: 20,
    last_active_on: '2025-06-10T08:12:44Z',
  })
  sim.addHostedRunner(ORG, {
    name: 'node-toolchain-8core',
    image: { id: String(image.id), source: 'custom', version: '1.1.0' },
    size: '8-core',
    runner_group_id: groups.linuxLarge.id,
    public_ip_enabled: true,
  })
}
