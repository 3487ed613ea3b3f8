import { describe, expect, it } from 'vitest'
import { initialsOf } from '~/ui/initials'

describe("the avatar's initials", () => {
  it('take a Chinese name by its first character: two did not fit the circle', () => {
    expect(initialsOf('刘洋 Liu Yang')).toBe('刘')
    expect(initialsOf('欧阳娜娜')).toBe('欧')
  })

  it("take a Latin name's first and last words' first letters, upper case", () => {
    expect(initialsOf('Alice Chen')).toBe('AC')
    expect(initialsOf('  bob  van der Berg ')).toBe('BB')
    expect(initialsOf('Alice')).toBe('A')
    expect(initialsOf('Dave Zhao 赵大卫')).toBe('DZ')
    expect(initialsOf('')).toBe('')
  })
})
