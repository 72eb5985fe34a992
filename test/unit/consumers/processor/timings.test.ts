import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assembleTimings } from '../../../../consumers/processor/timings.ts'

test('queue and total span the wall clock; stages come from the monotonic marks', () => {
  const timings = assembleTimings(1000, 1250, 1900, { fetchMs: 12.3456789, extractMs: 300, redactMs: 40.5, storeMs: 7 })
  assert.deepEqual(timings, { queueMs: 250, fetchMs: 12.346, extractMs: 300, redactMs: 40.5, storeMs: 7, totalMs: 900 })
})

test('clock skew between the door and the processor never yields negative durations', () => {
  const timings = assembleTimings(5000, 4990, 4995, { fetchMs: -0.001, extractMs: 0, redactMs: 0, storeMs: 0 })
  assert.equal(timings.queueMs, 0)
  assert.equal(timings.totalMs, 0)
  assert.equal(timings.fetchMs, 0)
})
