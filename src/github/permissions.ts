/** GitHub's fine-grained permissions the action asks for, as GitHub's App and token settings name them. */
const PERMISSION_NAMES: Record<string, string> = {
  administration: 'Repository permissions → Administration',
  organization_self_hosted_runners: 'Organization permissions → Self-hosted runners',
  organization_administration: 'Organization permissions → Administration',
  organization_network_configurations: 'Organization permissions → Network configurations',
  organization_runner_custom_images: 'Organization permissions → Hosted runner custom images',
}

/** "Organization permissions → Self-hosted runners" for `organization_self_hosted_runners`. */
export function permissionName(permission: string): string {
  return PERMISSION_NAMES[permission] ?? permission
}
