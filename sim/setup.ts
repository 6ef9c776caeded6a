/**
 * Setup helpers of the `Simulator` object that are more than one call into the state: seeding a
 * large fleet at once, a runner's first connection, labels another actor adds, and the
 * self-hosted runner settings of an organization or enterprise.
 */
import { RUNNER_VERSION } from './catalog.js'
import { splitOwner, type SimState } from './state.js'
import type {
  OwnerKey,
  RecordedRequestStart,
  RunnersTemplate,
  SelfHostedRunnersSettings,
  SimRunner,
  SimRunnerInput,
  SimSelfHostedRunnersSettings,
} from './types.js'

/** Adds `count` runners; linear in `count`: 50,000 runners take well under a second. */
export function addRunners(
  state: SimState,
  owner: OwnerKey,
  count: number,
  template: RunnersTemplate = {},
): SimRunner[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`addRunners: ${count} is not a count`)
  const width = String(count).length
  const make =
    typeof template === 'function'
      ? template
      : (i: number): SimRunnerInput => {
          const { namePrefix = 'runner', ...rest } = template
          return { ...rest, name: `${namePrefix}-${String(i).padStart(width, '0')}` }
        }
  const added: SimRunner[] = []
  for (let i = 1; i <= count; i++) added.push(state.addRunner(owner, make(i)))
  return added
}

/** The runner's machine connects: it goes online and reports its version (a JIT runner's first connection). */
export function connectRunner(state: SimState, id: number, version: string = RUNNER_VERSION): SimRunner {
  const runner = state.runner(id)
  if (!runner) throw new Error(`connectRunner: no runner ${id}`)
  runner.status = 'online'
  runner.version = version
  return runner
}

/** The live runner `id`; an unknown id is the test's mistake. */
export function existingRunner(state: SimState, id: number): SimRunner {
  const runner = state.runner(id)
  if (!runner) throw new Error(`no runner ${id}`)
  return runner
}

const LIST_PATH = { repo: '/repos/', org: '/orgs/', enterprise: '/enterprises/' } as const

/** A request hook: right before page `page` of `owner`'s runner list is read (once), runners `ids` de-register. */
export function deregisterBeforePage(state: SimState, owner: OwnerKey, page: number, ids: number[]) {
  const [kind, name] = splitOwner(owner)
  const path = `${LIST_PATH[kind]}${name}/actions/runners`.toLowerCase()
  let done = false
  return (req: RecordedRequestStart): void => {
    if (done || req.method !== 'GET' || req.path.toLowerCase() !== path) return
    if (Number(req.query.page ?? '1') !== page) return
    done = true
    for (const id of ids) state.deleteRunner(id)
  }
}

/**
 * Another actor (a person, another workflow) adds custom labels to the runner, as its own POST
 * `.../labels` would: a label the runner has already (any case) is kept once.
 */
export function addRunnerLabels(state: SimState, id: number, names: readonly string[]): SimRunner {
  const runner = existingRunner(state, id)
  for (const name of names) {
    if (!runner.labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
      runner.labels = [...runner.labels, state.label(name, 'custom')]
  }
  return runner
}

export function selfHostedRunnersSettings(state: SimState, owner: OwnerKey): SelfHostedRunnersSettings {
  const [kind, name] = splitOwner(owner)
  if (kind === 'enterprise') {
    const e = state.enterprise(name)
    if (!e) throw new Error(`unknown owner ${owner}`)
    return { disable_self_hosted_runners_for_all_orgs: e.disable_self_hosted_runners_for_all_orgs }
  }
  const org = kind === 'org' ? state.org(name) : undefined
  if (!org) throw new Error(`selfHostedRunnersSettings: ${owner} is not a known organization or enterprise`)
  const s = org.selfHostedRunners
  return {
    enabled_repositories: s.enabled_repositories,
    selected_repository_ids: [...s.selected_repository_ids],
  }
}

export function setSelfHostedRunnersSettings(
  state: SimState,
  owner: OwnerKey,
  settings: Partial<SimSelfHostedRunnersSettings> | { disable_self_hosted_runners_for_all_orgs: boolean },
): void {
  const [kind, name] = splitOwner(owner)
  if (kind === 'enterprise') {
    const e = state.enterprise(name)
    if (!e || !('disable_self_hosted_runners_for_all_orgs' in settings))
      throw new Error(`setSelfHostedRunnersSettings: ${owner} takes disable_self_hosted_runners_for_all_orgs`)
    e.disable_self_hosted_runners_for_all_orgs = settings.disable_self_hosted_runners_for_all_orgs
    return
  }
  const org = kind === 'org' ? state.org(name) : undefined
  if (!org || 'disable_self_hosted_runners_for_all_orgs' in settings)
    throw new Error(`setSelfHostedRunnersSettings: ${owner} is not a known organization`)
  for (const id of settings.selected_repository_ids ?? []) {
    if (state.repoById(id)?.owner.toLowerCase() !== org.login.toLowerCase())
      throw new Error(`setSelfHostedRunnersSettings: repository ${id} is not in ${org.login}`)
  }
  Object.assign(org.selfHostedRunners, {
    ...settings,
    ...(settings.selected_repository_ids
      ? { selected_repository_ids: [...settings.selected_repository_ids] }
      : {}),
  })
}
