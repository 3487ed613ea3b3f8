import { describe, expect, it } from 'vitest'
import { keyedLimiter } from '~/utils/keyed-limiter.server'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('keyedLimiter', () => {
  it('runs at most `limit` tasks per key, in arrival order, and other keys freely', async () => {
    const run = keyedLimiter(2)
    let running = 0
    let peak = 0
    const order: number[] = []
    const task = (i: number) => async () => {
      running++
      peak = Math.max(peak, running)
      await tick()
      order.push(i)
      running--
      return i
    }
    const results = await Promise.all([...Array.from({ length: 10 }, (_, i) => run('a', task(i))), run('b', async () => 'other')])
    expect(peak).toBeLessThanOrEqual(3) // two of 'a' and the one of 'b'
    expect(results.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(order.slice(2)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].slice(0, order.length - 2))
  })

  it('frees the slot when a task fails', async () => {
    const run = keyedLimiter(1)
    await expect(run('k', async () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(await run('k', async () => 'yes')).toBe('yes')
  })
})
