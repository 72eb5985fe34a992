// The processor and the sink SIGKILLed mid-batch under steady load through all three doors
// (docs/reliability.md), then started again: every accepted document has exactly one outcome,
// redelivered outcomes are counted once by `sluice stats`, nothing is dead-lettered. The
// processor's crash is the representative `npm test` always runs; SLUICE_TEST_FAULTS=all adds the sink's.
import { after, before, test } from 'node:test'
import type { ServiceName } from '../../infra/run-all/services.ts'
import { startFaultRun, type FaultCase, type FaultRun } from './fault-run.ts'
import { unlessSelected } from './selection.ts'

let run: FaultRun

before(async () => {
  run = await startFaultRun()
})

after(async () => {
  await run?.dispose()
})

function crash (service: ServiceName): FaultCase {
  return {
    name: `${service}-sigkill`,
    // Long enough for documents to be in every stage: fetched, in a thread, published, buffered by the sink.
    warmMs: 10_000,
    fault: async (current) => {
      await current.pipeline.kill(service)
      // Down for a moment, as a supervisor's restart delay would leave it.
      await new Promise((resolve) => setTimeout(resolve, 3000))
      await current.pipeline.restart(service)
    },
    afterMs: 10_000
  }
}

test('the processor SIGKILLed mid-batch: every acceptance one outcome, redeliveries counted once', { skip: unlessSelected(true) }, async (t) => {
  t.diagnostic(JSON.stringify(await run.runCase(crash('processor'))))
})

test('the sink SIGKILLed mid-batch: every acceptance one outcome, redeliveries counted once', { skip: unlessSelected(false) }, async (t) => {
  t.diagnostic(JSON.stringify(await run.runCase(crash('sink'))))
})
