/** Summary tables that several operation families show: runners, runner groups, hosted runners. */
import type { RunnerOutput } from '../decisions/runner-shape.js'
import type { ApiRunnerGroup } from '../github/group-lookup.js'
import type { HostedRunner } from '../github/hosted-lookup.js'
import type { Summary } from '../registry/operation-result.js'

const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no')

export function runnersTable(heading: string, runners: RunnerOutput[], text?: string[]): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Name', 'ID', 'Status', 'Busy', 'OS', 'Labels'],
      rows: runners.map((r) => [r.name, r.id, r.status, yesNo(r.busy), r.os, r.labels.join(', ')]),
    },
  }
}

export function groupsTable(groups: ApiRunnerGroup[]): NonNullable<Summary['table']> {
  return {
    header: ['Name', 'ID', 'Visibility', 'Default', 'Public repositories', 'Restricted to workflows'],
    rows: groups.map((g) => [
      g.name,
      g.id,
      g.visibility,
      yesNo(g.default),
      yesNo(g.allows_public_repositories),
      g.restricted_to_workflows ? (g.selected_workflows ?? []).join(', ') || 'yes' : 'no',
    ]),
  }
}

function imageCell(r: HostedRunner): string {
  const i = r.image_details
  return i ? `${i.id} (${i.source}${i.version ? ` ${i.version}` : ''})` : ''
}

export function hostedRunnersTable(heading: string, runners: HostedRunner[], text?: string[]): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Name', 'ID', 'Status', 'Platform', 'Image', 'Size', 'Group', 'Maximum runners', 'Static IP'],
      rows: runners.map((r) => [
        r.name,
        r.id,
        r.status,
        r.platform,
        imageCell(r),
        r.machine_size_details.id,
        r.runner_group_id ?? '',
        r.maximum_runners ?? '',
        yesNo(r.public_ip_enabled),
      ]),
    },
  }
}
