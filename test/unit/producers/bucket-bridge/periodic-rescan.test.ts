import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inRescanWindow, rescanWindow } from '../../../../producers/bucket-bridge/periodic-rescan.ts'

const minute = 60_000

test('the first pass looks at everything old enough; later passes only at what changed since, with a minimum age of overlap', () => {
  const first = rescanWindow(100 * minute, minute, undefined)
  assert.deepEqual(first, { oldestMs: undefined, youngestMs: 99 * minute })
  assert.equal(inRescanWindow(first, new Date(0)), true, 'an object from long ago')
  assert.equal(inRescanWindow(first, new Date(99.5 * minute)), false, 'younger than the minimum age: its notification may still come')

  const second = rescanWindow(105 * minute, minute, first.youngestMs)
  assert.deepEqual(second, { oldestMs: 98 * minute, youngestMs: 104 * minute })
  assert.equal(inRescanWindow(second, new Date(50 * minute)), false, 'looked at by the first pass')
  assert.equal(inRescanWindow(second, new Date(98.5 * minute)), true, 'in the overlap: looked at twice rather than never')
  assert.equal(inRescanWindow(second, new Date(99.5 * minute)), true, 'too young for the first pass, old enough now')
  assert.equal(inRescanWindow(second, new Date(104.5 * minute)), false)
})

test('an object without a modification time is always looked at', () => {
  assert.equal(inRescanWindow(rescanWindow(10 * minute, minute, 9 * minute), undefined), true)
})
