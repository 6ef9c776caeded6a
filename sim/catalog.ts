/**
 * Static data the simulator serves: runner software downloads, GitHub-hosted runner images,
 * machine sizes and platforms. Shapes follow the OpenAPI schemas; values are modelled on what
 * GitHub answers (checksums are made up but stable).
 */
import { createHash } from 'node:crypto'

export const RUNNER_VERSION = '2.329.0'

/** Read-only labels GitHub applies on configuration, in their canonical spelling. */
export const READ_ONLY_LABELS = ['self-hosted', 'Linux', 'macOS', 'Windows', 'X64', 'ARM', 'ARM64'] as const

/** Runner `os` value to its read-only label. */
export const OS_LABEL: Record<string, string> = { linux: 'Linux', macos: 'macOS', windows: 'Windows' }

export interface RunnerApplication {
  os: string
  architecture: string
  download_url: string
  filename: string
  sha256_checksum: string
}

export function runnerDownloads(version = RUNNER_VERSION): RunnerApplication[] {
  const builds: [os: string, arch: string, ext: string][] = [
    ['osx', 'x64', 'tar.gz'],
    ['osx', 'arm64', 'tar.gz'],
    ['linux', 'x64', 'tar.gz'],
    ['linux', 'arm', 'tar.gz'],
    ['linux', 'arm64', 'tar.gz'],
    ['win', 'x64', 'zip'],
    ['win', 'arm64', 'zip'],
  ]
  return builds.map(([os, architecture, ext]) => {
    const filename = `actions-runner-${os}-${architecture}-${version}.${ext}`
    return {
      os,
      architecture,
      download_url: `https://github.com/actions/runner/releases/download/v${version}/${filename}`,
      filename,
      sha256_checksum: createHash('sha256').update(filename).digest('hex'),
    }
  })
}

/** Versions before this one have an end-of-life schedule. */
export const OLDEST_SUPPORTED_RUNNER = [2, 320, 0] as const

export interface CuratedImage {
  id: string
  platform: string
  size_gb: number
  display_name: string
  source: 'github' | 'partner'
}

export const GITHUB_IMAGES: CuratedImage[] = [
  { id: 'ubuntu-24.04', platform: 'linux-x64', size_gb: 86, display_name: '24.04', source: 'github' },
  { id: 'ubuntu-22.04', platform: 'linux-x64', size_gb: 86, display_name: '22.04', source: 'github' },
  {
    id: 'ubuntu-24.04-arm64',
    platform: 'linux-arm64',
    size_gb: 86,
    display_name: '24.04 (Arm64)',
    source: 'github',
  },
  {
    id: 'windows-2025',
    platform: 'win-x64',
    size_gb: 256,
    display_name: 'Windows Server 2025',
    source: 'github',
  },
  {
    id: 'windows-2022',
    platform: 'win-x64',
    size_gb: 256,
    display_name: 'Windows Server 2022',
    source: 'github',
  },
  {
    id: 'windows-11-arm64',
    platform: 'win-arm64',
    size_gb: 256,
    display_name: 'Windows 11 (Arm64)',
    source: 'github',
  },
]

export const PARTNER_IMAGES: CuratedImage[] = [
  {
    id: 'nvidia-gpu-ubuntu-22.04',
    platform: 'linux-x64',
    size_gb: 120,
    display_name: 'NVIDIA GPU-Optimized Image for AI and HPC',
    source: 'partner',
  },
  {
    id: 'arm-ubuntu-24.04',
    platform: 'linux-arm64',
    size_gb: 86,
    display_name: 'Ubuntu 24.04 by Arm Limited',
    source: 'partner',
  },
]

export interface MachineSpec {
  id: string
  cpu_cores: number
  memory_gb: number
  storage_gb: number
}

export const MACHINE_SIZES: MachineSpec[] = [
  { id: '2-core', cpu_cores: 2, memory_gb: 8, storage_gb: 75 },
  { id: '4-core', cpu_cores: 4, memory_gb: 16, storage_gb: 150 },
  { id: '8-core', cpu_cores: 8, memory_gb: 32, storage_gb: 300 },
  { id: '16-core', cpu_cores: 16, memory_gb: 64, storage_gb: 600 },
  { id: '32-core', cpu_cores: 32, memory_gb: 128, storage_gb: 1200 },
  { id: '64-core', cpu_cores: 64, memory_gb: 256, storage_gb: 2040 },
]

export const PLATFORMS = ['linux-x64', 'linux-arm64', 'win-x64', 'win-arm64']

/** Static public IPs an owner may enable across its hosted runners. */
export const PUBLIC_IP_LIMIT = 50
