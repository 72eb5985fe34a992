import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mapBounded } from '../../../producers/bucket-bridge/map-bounded.ts'
import { RecentIds } from '../../../producers/bucket-bridge/recent-ids.ts'

test('mapBounded keeps order and never exceeds the limit', async () => {
  let inFlight = 0
  let peak = 0
  const result = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (value) => {
    inFlight++
    peak = Math.max(peak, inFlight)
    await new Promise((resolve) => setTimeout(resolve, value))
    inFlight--
    return value * 10
  })
  assert.deepEqual(result, [50, 10, 40, 20, 30, 0])
  assert.equal(peak, 2)
  assert.deepEqual(await mapBounded([], 4, async (value) => value), [])
})

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
