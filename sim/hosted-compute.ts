/**
 * GitHub-hosted compute of organizations and enterprises: hosted runners, custom images, and the
 * private networking they use (network settings resources and the network configurations built
 * on them). No HTTP here: the routes check what the API checks; seeding refuses only what could
 * never exist (a duplicate name, an unknown network settings id).
 */
import { DEFAULT_GROUP_ID, type Ids } from './ids.js'
import type {
  OwnerKey,
  SimCustomImage,
  SimHostedRunner,
  SimNetworkConfiguration,
  SimNetworkSettings,
} from './types.js'

/** Lower-cased owner key: the identity of an owner inside the state. */
type OwnerId = string

export class HostedCompute {
  private readonly hosted = new Map<OwnerId, SimHostedRunner[]>()
  private readonly customImages = new Map<OwnerId, SimCustomImage[]>()
  private readonly settings = new Map<OwnerId, SimNetworkSettings[]>()
  private readonly configurations = new Map<OwnerId, SimNetworkConfiguration[]>()

  constructor(
    private readonly ids: Ids,
    /** The owner's identity; throws for an unknown owner. */
    private readonly requireOwner: (owner: OwnerKey) => OwnerId,
  ) {}

  // ---- hosted runners -------------------------------------------------------------------------

  addHostedRunner(
    owner: OwnerKey,
    h: Partial<SimHostedRunner> & { name: string; image: SimHostedRunner['image'] },
  ): SimHostedRunner {
    const runner: SimHostedRunner = {
      runner_group_id: DEFAULT_GROUP_ID,
      size: '4-core',
      maximum_runners: 10,
      public_ip_enabled: false,
      image_gen: false,
      status: 'Ready',
      last_active_on: null,
      ...h,
      id: this.ids.take('hosted', h.id, (id) => anyHas(this.hosted, (x) => x.id === id)),
    }
    listOf(this.hosted, this.requireOwner(owner)).push(runner)
    return runner
  }

  hostedRunners(owner: OwnerKey): SimHostedRunner[] {
    return this.hosted.get(owner.toLowerCase()) ?? []
  }

  hostedRunner(owner: OwnerKey, id: number): SimHostedRunner | undefined {
    return this.hostedRunners(owner).find((h) => h.id === id)
  }

  deleteHostedRunner(owner: OwnerKey, id: number): void {
    remove(this.hostedRunners(owner), (h) => h.id === id)
  }

  // ---- custom images --------------------------------------------------------------------------

  addCustomImage(owner: OwnerKey, img: Partial<SimCustomImage> & { name: string }): SimCustomImage {
    const image: SimCustomImage = {
      platform: 'linux-x64',
      state: 'Ready',
      versions: [],
      ...img,
      id: this.ids.take('image', img.id, (id) => anyHas(this.customImages, (x) => x.id === id)),
    }
    listOf(this.customImages, this.requireOwner(owner)).push(image)
    return image
  }

  customImagesOf(owner: OwnerKey): SimCustomImage[] {
    return this.customImages.get(owner.toLowerCase()) ?? []
  }

  deleteCustomImage(owner: OwnerKey, id: number): void {
    remove(this.customImagesOf(owner), (x) => x.id === id)
  }

  // ---- network settings and configurations ----------------------------------------------------

  /** Registers a network settings resource (made in Azure, never through this API). */
  addNetworkSettings(owner: OwnerKey, s: Partial<SimNetworkSettings> & { name: string }): SimNetworkSettings {
    const list = listOf(this.settings, this.requireOwner(owner))
    if (s.id !== undefined && anyHas(this.settings, (x) => x.id === s.id))
      throw new Error(`network settings id ${s.id} is already taken`)
    const settings: SimNetworkSettings = {
      subnet_id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sim/providers/Microsoft.Network/virtualNetworks/sim-vnet/subnets/${s.name}`,
      region: 'eastus',
      ...s,
      id: s.id ?? this.ids.opaque('network-settings', (id) => anyHas(this.settings, (x) => x.id === id)),
    }
    list.push(settings)
    return settings
  }

  networkSettingsOf(owner: OwnerKey): SimNetworkSettings[] {
    return this.settings.get(owner.toLowerCase()) ?? []
  }

  networkSettings(owner: OwnerKey, id: string): SimNetworkSettings | undefined {
    return this.networkSettingsOf(owner).find((s) => s.id === id)
  }

  /** Adds a network configuration; its network settings must exist, its name must be free (case-insensitive). */
  addNetworkConfiguration(
    owner: OwnerKey,
    c: Partial<SimNetworkConfiguration> & { name: string },
  ): SimNetworkConfiguration {
    const list = listOf(this.configurations, this.requireOwner(owner))
    if (this.networkConfigurationNamed(owner, c.name))
      throw new Error(`a network configuration named ${c.name} already exists in ${owner}`)
    for (const id of [...(c.network_settings_ids ?? []), ...(c.failover_network_settings_ids ?? [])])
      if (!this.networkSettings(owner, id)) throw new Error(`${owner} has no network settings ${id}`)
    if (c.id !== undefined && anyHas(this.configurations, (x) => x.id === c.id))
      throw new Error(`network configuration id ${c.id} is already taken`)
    const configuration: SimNetworkConfiguration = {
      compute_service: 'none',
      network_settings_ids: [],
      failover_network_settings_ids: [],
      failover_network_enabled: false,
      created_on: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...c,
      id:
        c.id ??
        this.ids.opaque('network-configuration', (id) => anyHas(this.configurations, (x) => x.id === id)),
    }
    list.push(configuration)
    return configuration
  }

  networkConfigurations(owner: OwnerKey): SimNetworkConfiguration[] {
    return this.configurations.get(owner.toLowerCase()) ?? []
  }

  networkConfiguration(owner: OwnerKey, id: string): SimNetworkConfiguration | undefined {
    return this.networkConfigurations(owner).find((c) => c.id === id)
  }

  networkConfigurationNamed(owner: OwnerKey, name: string): SimNetworkConfiguration | undefined {
    return this.networkConfigurations(owner).find((c) => c.name.toLowerCase() === name.toLowerCase())
  }

  /** The configuration that uses network settings `settingsId` (as primary or failover), if any. */
  configurationUsing(owner: OwnerKey, settingsId: string): SimNetworkConfiguration | undefined {
    return this.networkConfigurations(owner).find(
      (c) =>
        c.network_settings_ids.includes(settingsId) || c.failover_network_settings_ids.includes(settingsId),
    )
  }

  deleteNetworkConfiguration(owner: OwnerKey, id: string): void {
    remove(this.networkConfigurations(owner), (c) => c.id === id)
  }
}

function listOf<T>(map: Map<OwnerId, T[]>, owner: OwnerId): T[] {
  let list = map.get(owner)
  if (!list) {
    list = []
    map.set(owner, list)
  }
  return list
}

function anyHas<T>(map: Map<OwnerId, T[]>, test: (x: T) => boolean): boolean {
  for (const list of map.values()) if (list.some(test)) return true
  return false
}

function remove<T>(list: T[], test: (x: T) => boolean): void {
  const i = list.findIndex(test)
  if (i >= 0) list.splice(i, 1)
}
