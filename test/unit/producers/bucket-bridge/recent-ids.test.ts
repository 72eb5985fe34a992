import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RecentIds } from '../../../../producers/bucket-bridge/recent-ids.ts'

test('RecentIds forgets the oldest id beyond its capacity', () => {
  const recent = new RecentIds(2)
  recent.add('a')
  recent.add('b')
  recent.add('a')
  recent.add('c')
  assert.equal(recent.has('b'), false)
  assert.equal(recent.has('a'), true)
  assert.equal(recent.has('c'), true)
})
