import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isSluiceError } from '../../../../lib/errors.ts'
import { parseBenchOptions } from '../../../../bench/pipeline/options.ts'
import type { Limits } from '../../../../bench/pipeline/limit.ts'
import { multiPageDocumentCount, phasePlan, type RunLimits } from '../../../../bench/pipeline/run-bench.ts'
import { phaseEnvironment } from '../../../../bench/pipeline/phase.ts'
import { loadConfig } from '../../../../lib/config/index.ts'

const noLimits: RunLimits = { main: null, multiPage: null }

function limits (docsPerSecond: number, pagesPerDocument: number): Limits {
  const throughput = { documents: 10, pages: 10 * pagesPerDocument, seconds: 1, docsPerSecond, pagesPerSecond: docsPerSecond * pagesPerDocument, cpuSeconds: 1, cpuMsPerPage: 5 }
  return { threads: 2, documents: 10, extractRedact: throughput, extraction: throughput, pdftotext: throughput, extractionVsPdftotext: 1 }
}

test('defaults: api door, flat out, 2 minutes, 1 and 2 processors, a steady 100/s phase', () => {
  const options = parseBenchOptions({}, 2)
  assert.equal(options.door, 'api')
  assert.equal(options.rate, 0)
  assert.equal(options.durationMs, 120_000)
  assert.deepEqual(options.processors, [1, 2])
  assert.equal(options.workers, 2)
  assert.equal(options.latencyRate, 100)
  assert.deepEqual(phasePlan(options, noLimits).map((phase) => [phase.label, phase.role, phase.processors, phase.rate]), [
    ['1 processor, flat out', 'throughput', 1, 0],
    ['2 processors, flat out', 'throughput', 2, 0],
    ['2 processors, steady 100/s', 'steady', 2, 100]
  ])
})

test('with the limits measured, a steady phase at 60 % of the limit and a 20-page phase at 125 % of the 20-page limit follow, 1 minute each', () => {
  const options = parseBenchOptions({}, 2)
  assert.equal(options.limitShare, 60)
  assert.equal(options.multiPage, 20)
  assert.equal(options.extraDurationMs, 60_000)
  const plan = phasePlan(options, { main: limits(91.3, 1), multiPage: limits(8.6, 20) })
  assert.deepEqual(plan.slice(3).map((phase) => [phase.label, phase.role, phase.rate, phase.pages, phase.durationMs]), [
    ['2 processors, steady 55/s (60 % of the limit)', 'limit-share', 55, 1, 60_000],
    ['2 processors, 20-page docs at 11/s', 'multi-page', 11, 20, 60_000]
  ])
  assert.match(plan[3]?.rateBasis ?? '', /^60 % of this run's extract\+redact limit, 91\.3 docs\/s with 2 threads/)
  assert.match(plan[4]?.rateBasis ?? '', /^125 % of this run's extract\+redact limit for these documents, 8\.6 docs\/s \(172 pages\/s\) with 2 threads/)
  // As many distinct pages as the main corpus (200 one-page documents), at least 8 documents.
  assert.equal(multiPageDocumentCount(options), 10)
  assert.equal(multiPageDocumentCount(parseBenchOptions({ documents: '20' }, 2)), 8)
})

test('a tiny limit still offers one document per second; 0 skips the derived phases', () => {
  const options = parseBenchOptions({ 'latency-rate': '0', processors: '1' }, 2)
  assert.deepEqual(phasePlan(options, { main: limits(0.4, 1), multiPage: limits(0.2, 20) }).map((phase) => phase.rate), [0, 1, 1])
  const skipped = parseBenchOptions({ 'latency-rate': '0', processors: '1', 'limit-share': '0', 'multi-page': '0' }, 2)
  assert.deepEqual(phasePlan(skipped, { main: limits(90, 1), multiPage: limits(9, 20) }).map((phase) => phase.role), ['throughput'])
})

test('short durations, fixed rates and a single phase', () => {
  const options = parseBenchOptions({ door: 'bucket', rate: '50', duration: '20s', processors: '1', 'latency-rate': '0' }, 2)
  assert.equal(options.durationMs, 20_000)
  assert.equal(options.rate, 50)
  assert.deepEqual(phasePlan(options, noLimits).map((phase) => phase.label), ['1 processor, 50/s'])
})

test('the steady phase is not repeated when the main rate is already that rate', () => {
  assert.equal(phasePlan(parseBenchOptions({ rate: '100', processors: '2' }, 2), noLimits).length, 1)
})

test('bad values are usage errors naming the option', () => {
  for (const [name, value] of [['door', 'fax'], ['rate', 'fast'], ['duration', '1s'], ['processors', '1,x'], ['workers', '0'], ['limit-share', '101'], ['multi-page', '1'], ['extra-duration', '1s']]) {
    assert.throws(() => parseBenchOptions({ [name as string]: value }, 2), (error: unknown) => {
      assert.ok(isSluiceError(error, 'USAGE'))
      assert.match(error.message, new RegExp(`^--${name}`))
      return true
    })
  }
})

test('each phase gets its own topics, groups and database, all valid for the configuration', () => {
  const ports = { api: 18080, bridgeMetrics: 18081, processorMetrics: 18082, sinkMetrics: 18083 }
  const first = phaseEnvironment('20261129122700', 1, { inbox: 'sluice-bench-x', results: 'sluice-bench-x-out' }, ports)
  const second = phaseEnvironment('20261129122700', 2, { inbox: 'sluice-bench-x', results: 'sluice-bench-x-out' }, ports)
  for (const key of ['SLUICE_TOPIC_RECEIVED', 'SLUICE_PROCESSOR_GROUP', 'SLUICE_SINK_GROUP', 'SLUICE_BRIDGE_GROUP', 'SLUICE_CLICKHOUSE_DATABASE']) {
    assert.notEqual(first[key], second[key], key)
  }
  const config = loadConfig(first)
  assert.equal(config.clickhouse.database, 'sluice_bench_20261129122700_p1')
  assert.equal(config.kafka.topicReceived, 'bench.20261129122700-p1.received')
  assert.equal(config.api.port, 18080)
  assert.equal(config.metrics.sinkPort, 18083)
})
