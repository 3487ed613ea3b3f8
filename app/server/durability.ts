// The security bar: "synchronous_commit stays on: an acknowledged bid survives a crash". The app cannot set it for a
// server it does not run, so it says at boot when the database it was given would lose what it acknowledged. The
// tests' own databases turn both off for speed, and say so in their logs.

export interface DurabilitySettings {
  synchronousCommit: string
  fsync: string
}

/** What the boot log says of these settings, or null when an acknowledged commit survives a crash. */
export function durabilityWarning(s: DurabilitySettings): string | null {
  const off = [s.synchronousCommit === 'off' ? 'synchronous_commit' : null, s.fsync === 'off' ? 'fsync' : null].filter(Boolean)
  if (!off.length) return null
  return `PostgreSQL runs with ${off.map((k) => `${k}=off`).join(' and ')}: a bid, order or payment acknowledged just before a crash of the database may be lost. Turn it on outside of tests.`
}
