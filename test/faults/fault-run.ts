// One fault suite run: the private stack, the pipeline on it as child processes, and a steady
// load through all three doors around each fault. A fault case is "load for a while, break
// something, mend it, keep loading, then check the ledger over everything sent so far".
import assert from 'node:assert/strict'
import type { Client } from 'minio'
import { createClickHouse, clickHouseOptions, type ClickHouse } from '../../lib/clickhouse/client.ts'
import { threadBaselineMb } from '../../lib/extraction/pool.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createReceivedPublisher, type ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { createEventCodec } from '../../lib/registry/codec.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { prepareBackingServices } from '../../infra/run-all/stack.ts'
import { residentMib } from '../support/memory.ts'
import { startFaultStack, type FaultStack } from './fault-stack.ts'
import { checkLedger, waitForOutcomes, type LedgerCheck } from './ledger.ts'
import { startSteadyLoad, type Answer } from './load.ts'
import { startFaultPipeline, type FaultPipeline } from './pipeline.ts'

/** Worker threads of the processor under test. */
const workers = 1
/** The processor's main thread and everything outside the threads' budgets (as in test/integration/consumers/processor/memory-budget.test.ts). */
const fixedOverheadMib = 512
const apiKey = 'faults-suite-key'
/** One document through each door this often: ~7.5 documents/s in all, far below what the processor takes. */
const loadIntervalMs = 400

export interface FaultCase {
  name: string
  /** Load before the fault, so documents are in every stage when it strikes. */
  warmMs: number
  /** Breaks something and mends it again (e.g. stop a service, wait 30 s, start it). */
  fault: (run: FaultRun) => Promise<void>
  /** Load after the fault is mended. */
  afterMs: number
}

export interface FaultCaseResult extends LedgerCheck {
  /** This case's own answers, by what the door said. */
  answersByKind: Record<string, number>
  /** The processor's peak resident memory since it (last) started. */
  processorPeakMib: number
  processorBoundMib: number
}

export interface FaultRun {
  stack: FaultStack
  pipeline: FaultPipeline
  runCase: (faultCase: FaultCase) => Promise<FaultCaseResult>
  dispose: () => Promise<void>
}

function countBy (answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const answer of answers) {
    const kind = `${answer.door} ${answer.accepted ? 'accepted' : `refused (${answer.answer.slice(0, 60)})`}`
    counts[kind] = (counts[kind] ?? 0) + 1
  }
  return counts
}

export async function startFaultRun (): Promise<FaultRun> {
  const stack = await startFaultStack()
  const env: NodeJS.ProcessEnv = {
    ...stack.env,
    SLUICE_API_KEYS: apiKey,
    SLUICE_LOG_LEVEL: 'warn',
    // Bucket notifications the S3 server could not deliver while Kafka was down are found by the
    // bridge's rescan; look often so the case does not wait long.
    SLUICE_BRIDGE_RESCAN_INTERVAL: '15s',
    SLUICE_BRIDGE_RESCAN_MIN_AGE: '10s'
  }
  let pipeline: FaultPipeline | undefined
  let clickhouse: ClickHouse | undefined
  let publisher: ReceivedPublisher | undefined
  try {
    await prepareBackingServices(stack.config)
    pipeline = await startFaultPipeline(env, workers)
    clickhouse = createClickHouse(clickHouseOptions(stack.config))
    const s3: Client = createS3Client(stack.config)
    // The suite's own Kafka client would log every refused connection of an outage; the services'
    // logs (pipeline.logTail) are what a failure message needs.
    const quietConfig = { ...stack.config, log: { ...stack.config.log, level: 'fatal' } }
    publisher = await createReceivedPublisher(quietConfig, createKafka(quietConfig, 'faults-load'), await createEventCodec(stack.config))
    const target = {
      config: stack.config,
      apiUrl: `http://127.0.0.1:${env.SLUICE_API_PORT ?? ''}`,
      apiKey,
      s3,
      publisher,
      callerStrings: await createCallerStrings(stack.config.redaction)
    }
    const everything: Answer[] = []
    const budgetMib = stack.config.processor.documentMemoryBytes / 2 ** 20
    const running = { stack, pipeline, clickhouse }

    const run: FaultRun = {
      stack,
      pipeline,
      runCase: async (faultCase) => {
        const load = startSteadyLoad(target, faultCase.name, loadIntervalMs)
        try {
          await new Promise((resolve) => setTimeout(resolve, faultCase.warmMs))
          await faultCase.fault(run)
          await new Promise((resolve) => setTimeout(resolve, faultCase.afterMs))
        } finally {
          everything.push(...await load.stop())
        }
        const answers = everything.slice(everything.length - load.answers().length)
        try {
          await waitForOutcomes(running.clickhouse, stack.config.clickhouse.database, everything, 240_000)
          const ledger = await checkLedger(running.clickhouse, stack.config.clickhouse.database, everything)
          const processorPeakMib = residentMib(running.pipeline.child('processor').pid, 'VmHWM')
          const processorBoundMib = workers * (budgetMib + threadBaselineMb) + fixedOverheadMib
          assert.ok(processorPeakMib <= processorBoundMib, `processor peak ${processorPeakMib.toFixed(0)} MiB within ${processorBoundMib} MiB`)
          return { ...ledger, answersByKind: countBy(answers), processorPeakMib, processorBoundMib }
        } catch (error) {
          throw new Error(`${(error as Error).message}\nanswers of this case: ${JSON.stringify(countBy(answers))}\nlast log lines:\n${running.pipeline.logTail()}`)
        }
      },
      dispose: async () => {
        await running.pipeline.stop()
        await publisher?.disconnect()
        await running.clickhouse.close()
        await stack.dispose()
      }
    }
    return run
  } catch (error) {
    await pipeline?.stop()
    await publisher?.disconnect()
    await clickhouse?.close()
    await stack.dispose()
    throw error
  }
}
