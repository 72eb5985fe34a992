// Each dependency stopped for 30 s under steady load through all three doors (docs/reliability.md):
// Kafka, the S3 server, ClickHouse and the schema registry. Afterwards every 202 (and every stored
// bucket object and published file) has exactly one outcome, no refusal has any, nothing went to
// the DLQ, `sluice stats` counts each document once, and the processor's memory stayed bounded.
// Kafka's outage is the representative `npm test` always runs (it refuses at two doors and loses
// bucket notifications); SLUICE_TEST_FAULTS=all runs the other three as well.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startFaultRun, type FaultRun } from './fault-run.ts'
import type { FaultService } from './fault-stack.ts'
import { unlessSelected } from './selection.ts'

const outageMs = 30_000
let run: FaultRun

before(async () => {
  run = await startFaultRun()
})

after(async () => {
  await run?.dispose()
})

function outage (service: FaultService) {
  return {
    name: `${service}-outage`,
    warmMs: 8000,
    fault: async (current: FaultRun) => {
      await current.stack.stop(service)
      await new Promise((resolve) => setTimeout(resolve, outageMs))
      await current.stack.start(service)
    },
    afterMs: 10_000
  }
}

test('ClickHouse down for 30 s: the doors keep accepting, the sink pauses and catches up', { skip: unlessSelected(false) }, async (t) => {
  const result = await run.runCase(outage('clickhouse'))
  t.diagnostic(JSON.stringify(result))
  assert.ok(Object.keys(result.answersByKind).every((kind) => kind.endsWith('accepted')), JSON.stringify(result.answersByKind))
})

test('the S3 server down for 30 s: refusals while it is down, the processor pauses, nothing dead-lettered', { skip: unlessSelected(false) }, async (t) => {
  const result = await run.runCase(outage('s3'))
  t.diagnostic(JSON.stringify(result))
  assert.ok(Object.keys(result.answersByKind).some((kind) => kind.startsWith('api refused (503 STORAGE_UNAVAILABLE')), JSON.stringify(result.answersByKind))
})

test('the schema registry down for 30 s: nothing is refused or lost', { skip: unlessSelected(false) }, async (t) => {
  const result = await run.runCase(outage('registry'))
  t.diagnostic(JSON.stringify(result))
})

test('Kafka down for 30 s: refusals while it is down, bucket drops found again, every acceptance one outcome', { skip: unlessSelected(true) }, async (t) => {
  const result = await run.runCase(outage('kafka'))
  t.diagnostic(JSON.stringify(result))
  assert.ok(Object.keys(result.answersByKind).some((kind) => kind.startsWith('api refused (503 KAFKA_UNAVAILABLE')), JSON.stringify(result.answersByKind))
})
