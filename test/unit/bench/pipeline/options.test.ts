import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isSluiceError } from '../../../../lib/errors.ts'
import { parseBenchOptions } from '../../../../bench/pipeline/options.ts'
import { phasePlan } from '../../../../bench/pipeline/run-bench.ts'
import { phaseEnvironment } from '../../../../bench/pipeline/phase.ts'
import { loadConfig } from '../../../../lib/config/index.ts'

test('defaults: api door, flat out, 2 minutes, 1 and 2 processors, a steady 100/s phase', () => {
  const options = parseBenchOptions({}, 2)
  assert.equal(options.door, 'api')
  assert.equal(options.rate, 0)
  assert.equal(options.durationMs, 120_000)
  assert.deepEqual(options.processors, [1, 2])
  assert.equal(options.workers, 2)
  assert.equal(options.latencyRate, 100)
  assert.deepEqual(phasePlan(options).map((phase) => [phase.label, phase.processors, phase.rate]), [
    ['1 processor, flat out', 1, 0],
    ['2 processors, flat out', 2, 0],
    ['2 processors, steady 100/s', 2, 100]
  ])
})

test('short durations, fixed rates and a single phase', () => {
  const options = parseBenchOptions({ door: 'bucket', rate: '50', duration: '20s', processors: '1', 'latency-rate': '0' }, 2)
  assert.equal(options.durationMs, 20_000)
  assert.equal(options.rate, 50)
  assert.deepEqual(phasePlan(options).map((phase) => phase.label), ['1 processor, 50/s'])
})

test('the steady phase is not repeated when the main rate is already that rate', () => {
  assert.equal(phasePlan(parseBenchOptions({ rate: '100', processors: '2' }, 2)).length, 1)
})

test('bad values are usage errors naming the option', () => {
  for (const [name, value] of [['door', 'fax'], ['rate', 'fast'], ['duration', '1s'], ['processors', '1,x'], ['workers', '0']]) {
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
