// At most `limit` tasks per key at once in this process; the rest wait in memory, in order.
// Used where many requests would otherwise wait inside the database for one row lock, each
// holding a pooled connection while it waits — starving every other query of the process.
export function keyedLimiter(limit: number) {
  const active = new Map<string, { running: number; queue: (() => void)[] }>()
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = active.get(key)
    if (!slot) active.set(key, (slot = { running: 0, queue: [] }))
    if (slot.running >= limit) await new Promise<void>((resolve) => slot!.queue.push(resolve))
    else slot.running++
    try {
      return await task()
    } finally {
      const next = slot.queue.shift()
      // The slot passes straight to the next waiter; the key is forgotten once nobody uses it.
      if (next) next()
      else if (--slot.running === 0) active.delete(key)
    }
  }
}
