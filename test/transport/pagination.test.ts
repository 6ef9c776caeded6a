import { describe, expect, it } from 'vitest'
import { TransportError } from '../../src/transport/transport-errors.js'
import { nextLinkProblem } from '../../src/transport/api-url.js'
import { apiFor, failure, json, org, serve, TOKEN, type TestServer } from '../support/servers.js'

/** A list server: page N links to whatever `next(N, server)` says. */
async function lister(next: (page: number, s: TestServer) => string | undefined, basePath = '') {
  const box = {} as { s: TestServer }
  box.s = await serve((req, res) => {
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? '1')
    const link = next(page, box.s)
    json(
      res,
      200,
      { total_count: 1000, runners: [{ id: page, name: `r${page}` }] },
      link ? { link: `<${link}>; rel="next"` } : {},
    )
  })
  return { s: box.s, url: box.s.url + basePath }
}

describe('pagination', () => {
  it('reads every page on api-url', async () => {
    const { s } = await lister((p, s) =>
      p < 3 ? `${s.url}/orgs/acme/actions/runners?per_page=100&page=${p + 1}` : undefined,
    )
    const { api } = apiFor(s.url)
    expect((await api.list<{ id: number }>(org, 'GET /actions/runners')).map((r) => r.id)).toEqual([1, 2, 3])
    expect(s.seen.every((x) => x.authorization === `token ${TOKEN}`)).toBe(true)
  })

  it('never follows a next link to another host, and never sends it the token', async () => {
    const other = await serve((_req, res) => json(res, 200, { total_count: 0, runners: [] }))
    for (const to of [
      `${other.url}/orgs/acme/actions/runners?page=2`, // another port
      `http://localhost:${other.port}/orgs/acme/actions/runners?page=2`, // another host name
      `https://user:pass@evil.example/orgs/acme/actions/runners?page=2&token=x`,
    ]) {
      const { s } = await lister((p) => (p === 1 ? to : undefined))
      const { api } = apiFor(s.url)
      const e = await failure(api.list(org, 'GET /actions/runners'))
      expect(e).toBeInstanceOf(TransportError)
      expect(e.message).toContain(
        'list-runners: the answer to GET /orgs/{org}/actions/runners (organization acme) points the next page to',
      )
      expect(e.message).toContain(`it is not on api-url's server (http://127.0.0.1:${s.port})`)
      expect(e.message).toContain(`Only pages under api-url (${s.url}) are read`)
      expect(e.message).not.toMatch(/user|pass|token=x/)
      expect(e.message).not.toContain(TOKEN)
      expect(s.seen).toHaveLength(1)
    }
    expect(other.seen).toHaveLength(0)
  })

  it('never follows a link out of api-url’s path', async () => {
    const { s, url } = await lister(
      (p, s) => (p === 1 ? `${s.url}/admin/users?page=2` : undefined),
      '/api/v3',
    )
    const { api } = apiFor(url)
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(e.message).toContain("its path is not under api-url's path (/api/v3/)")
    expect(s.seen).toHaveLength(1)
  })

  it('never follows a link to another list on the same server (another organization’s runners)', async () => {
    const { s } = await lister((p, s) =>
      p === 1 ? `${s.url}/orgs/other-org/actions/runners?page=2` : undefined,
    )
    const { api } = apiFor(s.url)
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(e.message).toContain(
      'it leads to another list (/orgs/other-org/actions/runners, not /orgs/acme/actions/runners)',
    )
    expect(s.seen).toHaveLength(1)
  })

  it('follows https only, unless api-url is http on this machine', () => {
    const https = new URL('https://ghes.example/api/v3')
    expect(
      nextLinkProblem(new URL('https://ghes.example/api/v3/orgs/a/actions/runners?page=2'), https),
    ).toBeUndefined()
    expect(nextLinkProblem(new URL('http://ghes.example/api/v3/orgs/a?page=2'), https)).toMatch(
      /not on api-url's server/,
    )
    expect(nextLinkProblem(new URL('https://ghes.example:8443/api/v3/x'), https)).toMatch(
      /not on api-url's server/,
    )
    expect(nextLinkProblem(new URL('https://ghes.example/api/v3/../../x'), https)).toMatch(
      /path is not under/,
    )
    const plain = new URL('http://ghes.example/api/v3')
    expect(nextLinkProblem(new URL('http://ghes.example/api/v3/x?page=2'), plain)).toMatch(/not https/)
    const local = new URL('http://127.0.0.1:8080/api/v3')
    expect(nextLinkProblem(new URL('http://127.0.0.1:8080/api/v3/x?page=2'), local)).toBeUndefined()
    expect(nextLinkProblem(new URL('http://[::1]:8080/x'), new URL('http://[::1]:8080'))).toBeUndefined()
  })

  it('a link to a page already read fails at once', async () => {
    const { s } = await lister((_p, s) => `${s.url}/orgs/acme/actions/runners?per_page=100`)
    const { api } = apiFor(s.url)
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(e.message).toContain('points the next page back to a page already read')
    expect(s.seen).toHaveLength(1)
    const loop = await lister(
      (p, s) => `${s.url}/orgs/acme/actions/runners?per_page=100&page=${p === 3 ? 2 : p + 1}`,
    )
    await failure(apiFor(loop.s.url).api.list(org, 'GET /actions/runners'))
    expect(loop.s.seen).toHaveLength(3)
  })

  it('stops at the page cap and fails the step', async () => {
    const { s } = await lister((p, s) => `${s.url}/orgs/acme/actions/runners?per_page=100&page=${p + 1}`)
    const { api } = apiFor(s.url, { maxPages: 5 })
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(e.message).toContain(
      'GET /orgs/{org}/actions/runners (organization acme) has more than 5 pages (500 items)',
    )
    expect(s.seen).toHaveLength(5)
  })

  it('hands out pages one at a time', async () => {
    const { s } = await lister((p, s) =>
      p < 4 ? `${s.url}/orgs/acme/actions/runners?per_page=100&page=${p + 1}` : undefined,
    )
    const { api } = apiFor(s.url)
    const sizes: number[] = []
    for await (const page of api.pages(org, 'GET /actions/runners')) {
      sizes.push(page.length)
      if (sizes.length === 2) break
    }
    expect(sizes).toEqual([1, 1])
    expect(s.seen).toHaveLength(2)
  })
})
