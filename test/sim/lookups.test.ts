import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { loadOpenApi } from '../../sim/openapi.js'
import { client } from './client.js'

let sim: Simulator
let call: ReturnType<typeof client>
let orgId: number
let appId: number

beforeAll(async () => {
  sim = await startSimulator()
  call = client(sim)
  orgId = sim.addOrg('octo-fleet', { enterprise: 'octo-corp' }).id
  appId = sim.addRepo('octo-fleet/app').id
  sim.addRepo('octo-fleet/web')
  sim.addToken('ghs_workflow', { kind: 'github-token', repository: 'octo-fleet/app' })
  sim.addToken('ghs_norepo', { kind: 'github-token' })
  sim.addToken('ghp_repoonly', { kind: 'classic', scopes: ['repo'] })
  sim.addToken('github_pat_finegrained', { kind: 'fine-grained' })
})
afterAll(() => sim.close())
afterEach(() => {
  expect(sim.violations).toEqual([])
  sim.reset()
})

const notFound = (docs: string) => ({ message: 'Not Found', documentation_url: docs, status: '404' })
const REPO_DOCS = 'https://docs.github.com/enterprise-cloud@latest/rest/repos/repos#get-a-repository'
const ORG_DOCS = 'https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs#get-an-organization'

describe('GET /repos/{owner}/{repo}', () => {
  it('answers the repository with its id', async () => {
    const res = await call('GET', '/repos/octo-fleet/app')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      id: appId,
      name: 'app',
      full_name: 'octo-fleet/app',
      owner: { login: 'octo-fleet', id: orgId, type: 'Organization' },
      organization: { login: 'octo-fleet', id: orgId },
      url: `${sim.url}/repos/octo-fleet/app`,
      html_url: 'https://github.com/octo-fleet/app',
      private: true,
      default_branch: 'main',
    })
  })

  it('looks names up case-insensitively and answers the canonical spelling', async () => {
    const res = await call('GET', '/repos/OCTO-FLEET/App')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ id: appId, full_name: 'octo-fleet/app' })
  })

  it('is deterministic', async () => {
    const a = await call('GET', '/repos/octo-fleet/web')
    const b = await call('GET', '/repos/octo-fleet/web')
    expect(a.body).toEqual(b.body)
  })

  it('404s an unknown repository or owner', async () => {
    for (const path of ['/repos/octo-fleet/nope', '/repos/nobody/app']) {
      const res = await call('GET', path)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(notFound(REPO_DOCS))
    }
  })

  it('lets the workflow GITHUB_TOKEN read its own repository, and no other', async () => {
    const own = await call('GET', '/repos/octo-fleet/app', { token: 'ghs_workflow' })
    expect(own.status).toBe(200)
    expect(own.json.id).toBe(appId)
    expect(own.headers.get('x-accepted-github-permissions')).toBe('metadata=read')
    for (const [token, path] of [
      ['ghs_workflow', '/repos/octo-fleet/web'],
      ['ghs_norepo', '/repos/octo-fleet/app'],
    ] as const) {
      const res = await call('GET', path, { token })
      expect(res.status).toBe(403)
      expect(res.json.message).toBe('Resource not accessible by integration')
    }
  })

  it('admits classic tokens with the repo scope and fine-grained tokens; 401s a bad token', async () => {
    expect((await call('GET', '/repos/octo-fleet/app', { token: 'ghp_repoonly' })).status).toBe(200)
    expect((await call('GET', '/repos/octo-fleet/app', { token: 'github_pat_finegrained' })).status).toBe(200)
    expect((await call('GET', '/repos/octo-fleet/app', { token: 'ghp_unknown' })).status).toBe(401)
  })
})

describe('GET /orgs/{org}', () => {
  it('answers the organization with its id', async () => {
    const res = await call('GET', '/orgs/octo-fleet')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      login: 'octo-fleet',
      id: orgId,
      url: `${sim.url}/orgs/octo-fleet`,
      html_url: 'https://github.com/octo-fleet',
      type: 'Organization',
      total_private_repos: 2,
      archived_at: null,
    })
  })

  it('looks the login up case-insensitively', async () => {
    const res = await call('GET', '/orgs/Octo-Fleet')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ login: 'octo-fleet', id: orgId })
  })

  it('404s an unknown organization', async () => {
    const res = await call('GET', '/orgs/nobody')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(notFound(ORG_DOCS))
  })

  it('applies the organization rules: admin:org or fine-grained, never the GITHUB_TOKEN', async () => {
    expect((await call('GET', '/orgs/octo-fleet', { token: 'github_pat_finegrained' })).status).toBe(200)
    const classic = await call('GET', '/orgs/octo-fleet', { token: 'ghp_repoonly' })
    expect(classic.status).toBe(403)
    expect(classic.headers.get('x-accepted-oauth-scopes')).toBe('admin:org')
    const workflow = await call('GET', '/orgs/octo-fleet', { token: 'ghs_workflow' })
    expect(workflow.status).toBe(403)
    expect(workflow.json.message).toBe('Resource not accessible by integration')
  })
})

describe('response schemas', () => {
  it('are strict enough that an incomplete body would be a violation', () => {
    const api = loadOpenApi()
    for (const id of ['repos/get', 'orgs/get']) {
      const op = api.operation(id)
      expect(op).toBeDefined()
      if (op) expect(api.checkResponse(op, 200, { id: 1 }).length).toBeGreaterThan(5)
    }
  })
})
