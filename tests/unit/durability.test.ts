import { describe, expect, it } from 'vitest'
import { durabilityWarning } from '~/server/durability'

describe('the boot log on a database that may lose what it acknowledged', () => {
  it('says nothing when commits are flushed, and names each setting that is off', () => {
    expect(durabilityWarning({ synchronousCommit: 'on', fsync: 'on' })).toBeNull()
    expect(durabilityWarning({ synchronousCommit: 'remote_apply', fsync: 'on' })).toBeNull()
    expect(durabilityWarning({ synchronousCommit: 'off', fsync: 'on' })).toMatch(/^PostgreSQL runs with synchronous_commit=off: /)
    expect(durabilityWarning({ synchronousCommit: 'local', fsync: 'off' })).toMatch(/^PostgreSQL runs with fsync=off: /)
    expect(durabilityWarning({ synchronousCommit: 'off', fsync: 'off' })).toMatch(/^PostgreSQL runs with synchronous_commit=off and fsync=off: /)
  })
})
