import { test } from 'node:test'
import assert from 'node:assert/strict'
import { measureBacklog } from '../../../../bench/pipeline/backlog.ts'

test('accepted minus completed at the end of the load, at its worst second, and the processor lag part of it', () => {
  const backlog = measureBacklog({
    // 10 accepted in the first second, 10 more in the second, 5 in the third (unsorted on purpose).
    acceptedTimesMs: [...Array.from({ length: 10 }, (_, i) => 1100 + i * 10), ...Array.from({ length: 5 }, (_, i) => 3100 + i), ...Array.from({ length: 10 }, (_, i) => 2100 + i)],
    // 2 completed in the second second, 12 in the third, 3 after the load.
    completedTimesMs: [2500, 2600, ...Array.from({ length: 12 }, (_, i) => 3000 + i), 4200, 4300, 4400],
    loadStartedAtMs: 1000,
    loadEndedAtMs: 3500,
    // The sample nearest to the end (3500) with a value is the one at 3700; 3400 failed.
    lagSamples: [{ atMs: 2000, processor: 9 }, { atMs: 3000, processor: 7 }, { atMs: 3400, processor: Number.NaN }, { atMs: 3700, processor: 6 }, { atMs: 4700, processor: 1 }],
    admissionMaxLag: 2000
  })
  // At 2000: 10 accepted, 0 completed; at 3000: 20 - 3 (2500, 2600, 3000) = 17; at the end (3500): 25 - 14 = 11.
  assert.deepEqual(backlog, { atLoadEnd: 11, maxDuringLoad: 17, processorLagAtLoadEnd: 6, admissionMaxLag: 2000 })
})

test('without lag samples the processor part is unknown, not zero', () => {
  const backlog = measureBacklog({ acceptedTimesMs: [10], completedTimesMs: [], loadStartedAtMs: 0, loadEndedAtMs: 500, lagSamples: [], admissionMaxLag: 0 })
  assert.equal(backlog.atLoadEnd, 1)
  assert.equal(backlog.maxDuringLoad, 1)
  assert.ok(Number.isNaN(backlog.processorLagAtLoadEnd))
})
