/**
 * The fixture world every simulator-backed test starts from: enterprise octo-corp, its
 * organization octo-fleet, and repository octo-fleet/app. Tests add runners, groups and other
 * owners to it. RSA key pairs for GitHub Apps are made here too.
 */
import { generateKeyPairSync } from 'node:crypto'
import type { Simulator } from '../../sim/index.js'

export const WORLD = {
  enterprise: 'octo-corp',
  org: 'octo-fleet',
  repo: 'octo-fleet/app',
} as const

/** Seeds the world; returns the ids GitHub gave the organization and the repository. */
export function seedWorld(sim: Simulator): { orgId: number; repoId: number } {
  sim.addEnterprise(WORLD.enterprise)
  const orgId = sim.addOrg(WORLD.org, { enterprise: WORLD.enterprise }).id
  return { orgId, repoId: sim.addRepo(WORLD.repo).id }
}

/** An RSA key pair in the PEM forms GitHub hands out for Apps (PKCS#1). */
export function rsaKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  })
}

/** A custom image version GitHub reports as ready to run runners on. */
export function readyImageVersion(version: string) {
  return { version, state: 'Ready', size_gb: 30, created_on: '2025-01-01T00:00:00Z', state_details: 'None' }
}
