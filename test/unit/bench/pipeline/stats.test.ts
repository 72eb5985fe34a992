import { test } from 'node:test'
import assert from 'node:assert/strict'
import { distribution, percentile, perSecondSeries, sustainedRate } from '../../../../bench/pipeline/stats.ts'
import { busyCores, parseCpuTicks, parseMachineTicks } from '../../../../bench/pipeline/cpu.ts'
import { drainRate } from '../../../../bench/pipeline/phase.ts'

test('nearest-rank percentiles', () => {
  const sorted = Array.from({ length: 100 }, (_, index) => index + 1)
  assert.equal(percentile(sorted, 0.5), 50)
  assert.equal(percentile(sorted, 0.99), 99)
  assert.equal(percentile(sorted, 1), 100)
  assert.equal(percentile([7], 0.99), 7)
  assert.ok(Number.isNaN(percentile([], 0.5)))
})

test('a distribution sorts its samples and reports mean and max', () => {
  const result = distribution([30, 10, 20, 40])
  assert.deepEqual(result, { count: 4, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 })
})

test('sustained rate counts intervals between first and last completion', () => {
  // 11 completions spread over exactly 2 s: 10 intervals / 2 s = 5 per second.
  const times = Array.from({ length: 11 }, (_, index) => 1000 + index * 200)
  assert.equal(sustainedRate(times), 5)
  assert.equal(sustainedRate([5]), 0)
})

test('per-second series buckets completions from the start and ignores the outside', () => {
  assert.deepEqual(perSecondSeries([0, 999, 1000, 2500, 2999, 9000, -1], 0, 3), [2, 1, 2])
})

test('CPU ticks are read after the command name, even with spaces and parentheses in it', () => {
  const stat = '4242 (node (a b)) S 1 4242 4242 0 -1 4194560 1 0 0 0 150 25 0 0 20 0 11 0 100 0 0'
  assert.equal(parseCpuTicks(stat), 175)
  assert.throws(() => parseCpuTicks('1 (x) S'))
})

test('machine CPU: idle and iowait are not busy; busy cores scale by the core count', () => {
  const before = parseMachineTicks('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3')
  assert.deepEqual(before, { busy: 200, total: 1000 })
  const after = parseMachineTicks('cpu  400 0 200 800 100 0 0 0 0 0\n')
  assert.equal(busyCores(before, after, 2), 1.6)
  assert.ok(Number.isNaN(busyCores(undefined, after, 2)))
})

test('the drain rate counts only completions after the load, and needs enough of them', () => {
  const during = Array.from({ length: 100 }, (_, index) => index * 10)
  const after = Array.from({ length: 61 }, (_, index) => 3000 + index * 50)
  // 61 completions 50 ms apart: 60 intervals over 3 s = 20 per second.
  assert.equal(drainRate([...during, ...after], 1000), 20)
  assert.ok(Number.isNaN(drainRate(during, 1000)))
})
