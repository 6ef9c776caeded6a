import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/api.js'
import { createOnce } from '../../src/operations/lost-answer.js'

const lost = () => new ApiError('GitHub answered 502', 502, 'Bad Gateway', {})

describe('createOnce', () => {
  it('returns what the first answered POST created', async () => {
    await expect(
      createOnce(
        () => Promise.resolve('made'),
        () => Promise.reject(new Error('not asked')),
      ),
    ).resolves.toEqual({
      created: 'made',
      recovered: false,
      lost: 0,
    })
  })

  it('after a lost answer, takes the resource it finds instead of sending again', async () => {
    let sent = 0
    const r = await createOnce(
      () => (++sent === 1 ? Promise.reject(lost()) : Promise.resolve('second')),
      () => Promise.resolve('found'),
    )
    expect(r).toEqual({ created: 'found', recovered: true, lost: 1 })
    expect(sent).toBe(1)
  })

  it('sends again only when nothing was created, and gives up after the attempts', async () => {
    let sent = 0
    const send = () => (++sent < 3 ? Promise.reject(lost()) : Promise.resolve('third'))
    await expect(createOnce(send, () => Promise.resolve(undefined))).resolves.toMatchObject({
      created: 'third',
      lost: 2,
    })
    sent = -10
    await expect(createOnce(send, () => Promise.resolve(undefined), 3)).rejects.toThrow('GitHub answered 502')
  })

  it('does not look or re-send after an answer that means something (4xx)', async () => {
    let looked = false
    const refused = new ApiError('exists', 409, 'Conflict', {})
    await expect(
      createOnce(
        () => Promise.reject(refused),
        () => {
          looked = true
          return Promise.resolve('x')
        },
      ),
    ).rejects.toBe(refused)
    expect(looked).toBe(false)
  })
})
