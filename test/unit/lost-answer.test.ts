import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/github/api.js'
import { createOnce, deleteOnce, sendAgainOnLostAnswer } from '../../src/github/lost-answer.js'

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

describe('deleteOnce', () => {
  const notFound = () => new ApiError('gone', 404, 'Not Found', {})
  it('a 404 to the first DELETE is "absent", once the target is confirmed', async () => {
    let confirmed = 0
    const outcome = await deleteOnce(
      () => Promise.reject(notFound()),
      () => (confirmed++, Promise.resolve()),
    )
    expect(outcome).toBe('absent')
    expect(confirmed).toBe(1)
  })
  it('a 404 to a DELETE re-sent after a lost answer is this step’s own deletion', async () => {
    let sent = 0
    const send = () => Promise.reject(++sent === 1 ? lost() : notFound())
    await expect(deleteOnce(send, () => Promise.reject(new Error('not asked')))).resolves.toBe('deleted')
    expect(sent).toBe(2)
  })
  it('gives up after the attempts, and never re-sends after a meaningful answer', async () => {
    let sent = 0
    await expect(
      deleteOnce(
        () => (sent++, Promise.reject(lost())),
        () => Promise.resolve(),
      ),
    ).rejects.toThrow('502')
    expect(sent).toBe(3)
    const busy = new ApiError('busy', 422, 'Unprocessable', {})
    await expect(
      deleteOnce(
        () => Promise.reject(busy),
        () => Promise.resolve(),
      ),
    ).rejects.toBe(busy)
  })
})

describe('sendAgainOnLostAnswer', () => {
  it('sends an idempotent change again at once after a lost answer, at most 3 times', async () => {
    let sent = 0
    await expect(
      sendAgainOnLostAnswer(() => (++sent < 3 ? Promise.reject(lost()) : Promise.resolve('ok'))),
    ).resolves.toBe('ok')
    sent = 0
    await expect(sendAgainOnLostAnswer(() => (sent++, Promise.reject(lost())))).rejects.toThrow('502')
    expect(sent).toBe(3)
  })
})
