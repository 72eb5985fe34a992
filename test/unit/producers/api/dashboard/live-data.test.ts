import { test } from 'node:test'
import assert from 'node:assert/strict'
import { collectLiveData, liveQueries } from '../../../../../producers/api/dashboard/live-data.ts'
import type { PrometheusClient, Sample, Series } from '../../../../../producers/api/dashboard/prometheus.ts'

const queries = liveQueries()

function fakePrometheus (instant: Record<string, Sample[]>, range: Record<string, Series[]>, failing: string[] = []): PrometheusClient & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    instant: async (query) => {
      calls.push(query)
      if (failing.includes(query)) throw new Error('bad_data: parse error')
      return instant[query] ?? []
    },
    range: async (query, start, end, step) => {
      calls.push(`${query}@${start}-${end}/${step}`)
      if (failing.includes(query)) throw new Error('timeout')
      return range[query] ?? []
    }
  }
}

test('live data sums series, keeps quantiles per stage and sorts failures and redactions', async () => {
  const now = 1_764_000_600_000
  const prometheus = fakePrometheus({
    [queries.docsPerSecondByStatus]: [{ labels: { status: 'processed' }, value: 3.5 }, { labels: { status: 'failed' }, value: 0.5 }],
    [queries.lagByGroup]: [{ labels: { group: 'sluice-processor' }, value: 12 }, { labels: { group: 'sluice-sink' }, value: 3 }],
    [queries.stageLatency(0.5)]: [{ labels: { stage: 'extract' }, value: 0.01 }, { labels: { stage: 'total' }, value: 0.2 }],
    [queries.stageLatency(0.95)]: [{ labels: { stage: 'extract' }, value: 0.02 }],
    [queries.stageLatency(0.99)]: [{ labels: { stage: 'extract' }, value: null }, { labels: { stage: 'total' }, value: 0.9 }],
    [queries.failuresByReason(600)]: [{ labels: { reason: 'corrupt' }, value: 2.4 }, { labels: { reason: 'encrypted' }, value: 7 }, { labels: { reason: 'timeout' }, value: 0 }],
    [queries.redactionsByType(600)]: [{ labels: { type: 'email' }, value: 40 }, { labels: { type: 'phone' }, value: 90 }],
    [queries.deadLettersPerSecond]: [{ labels: {}, value: 0.1 }]
  }, {
    [queries.docsPerSecondByDoor]: [
      { labels: { door: 'api' }, points: [[1_764_000_590, 1], [1_764_000_595, 2]] },
      { labels: { door: 'bucket' }, points: [[1_764_000_590, 1], [1_764_000_595, 1.5]] }
    ]
  })
  const data = await collectLiveData(prometheus, 600, 5, now)
  assert.equal(data.docsPerSecond.current, 3.5)
  assert.deepEqual(data.docsPerSecond.byDoor.map((series) => series.door), ['api', 'bucket'])
  assert.equal(data.processedPerSecond, 3.5)
  assert.equal(data.failedPerSecond, 0.5)
  assert.equal(data.deadLettersPerSecond, 0.1)
  assert.deepEqual(data.lag, { total: 15, byGroup: [{ group: 'sluice-processor', messages: 12 }, { group: 'sluice-sink', messages: 3 }] })
  assert.deepEqual(data.stageLatencySeconds, [
    { stage: 'extract', p50: 0.01, p95: 0.02, p99: null },
    { stage: 'total', p50: 0.2, p95: null, p99: 0.9 }
  ])
  assert.deepEqual(data.failuresByReason, [{ reason: 'encrypted', documents: 7 }, { reason: 'corrupt', documents: 2 }])
  assert.deepEqual(data.redactionsByType, [{ type: 'phone', findings: 90 }, { type: 'email', findings: 40 }])
  assert.deepEqual(data.errors, [])
  assert.equal(data.prometheusReachable, true)
  assert.ok(prometheus.calls.includes(`${queries.docsPerSecondByDoor}@1764000000-1764000600/5`), 'the chart covers the window ending now')
})

test('a failing query is reported and the rest still renders', async () => {
  const prometheus = fakePrometheus({ [queries.lagByGroup]: [{ labels: { group: 'g' }, value: 5 }] }, {}, [queries.docsPerSecondByDoor])
  const data = await collectLiveData(prometheus, 600, 5, 1_764_000_600_000)
  assert.deepEqual(data.errors, ['docs/s by door: timeout'])
  assert.equal(data.lag.total, 5)
  assert.equal(data.docsPerSecond.current, 0)
  assert.equal(data.prometheusReachable, true)
})

test('docs/s uses rate() over counters with a window of several scrapes, summed by door', () => {
  assert.equal(queries.docsPerSecondByDoor, 'sum by (door) (rate(sluice_processor_documents_total{instance=~".+"}[1m]))')
})

test('an instance filter narrows every query to those processes', async () => {
  const filtered = liveQueries('127.0.0.1:(9465|9475)')
  const prometheus = fakePrometheus({}, {})
  await collectLiveData(prometheus, 600, 5, 1_764_000_600_000, '127.0.0.1:(9465|9475)')
  assert.equal(prometheus.calls.length, 9)
  for (const call of prometheus.calls) assert.ok(call.includes('{instance=~"127.0.0.1:(9465|9475)"') || call.includes(',instance=~"127.0.0.1:(9465|9475)"'), call)
  assert.match(filtered.failuresByReason(60), /\{status="failed",instance=~"127.0.0.1:\(9465\|9475\)"\}\[60s\]/)
})
