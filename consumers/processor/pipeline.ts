// The journey of one received event: decode, fetch, extract+redact (in a worker thread),
// store, publish. Every document ends as exactly one of: a processed event, a failed event
// with a reason, or a dead-letter record. Returning means the outcome is acknowledged by
// Kafka and the offset may be committed; throwing means it is not (the event is redelivered).
import type { KafkaMessage, Producer } from 'kafkajs'
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import { failureReasonOf, type DeadLetterCode } from '../../lib/errors.ts'
import type { DocumentProcessed, DocumentReceived } from '../../lib/events/types.ts'
import type { Logger } from '../../lib/log.ts'
import type { EventCodec } from '../../lib/registry/codec.ts'
import type { ProcessorStage } from '../../lib/stages.ts'
import { deadLetterRecord, publishDeadLetter } from './dead-letter.ts'
import { fetchDocument } from './fetch-document.ts'
import type { ProcessorMetrics } from './metrics.ts'
import { decodeReceived, UnusableMessage } from './receive.ts'
import { processedEvent, type DocumentEnding } from './outcome.ts'
import { storeRedactedText, storeSummary } from './results.ts'
import { Abandoned, newAttemptBudget, RetriesExhausted, withRetries, type AttemptBudget } from './retry.ts'
import { noStageTime, type StageDurations } from './timings.ts'
import type { WorkerPool } from './worker-pool.ts'

export interface PipelineContext {
  config: Config
  s3: Client
  producer: Producer
  codec: EventCodec
  pool: WorkerPool
  metrics: ProcessorMetrics
  log: Logger
  /** host name and process id, recorded on every event */
  host: string
}

export type MessageOutcome = 'processed' | 'failed' | 'dead_lettered'

export async function handleMessage (context: PipelineContext, topic: string, partition: number, message: KafkaMessage, shutdown: AbortSignal): Promise<MessageOutcome> {
  const budget = newAttemptBudget(context.config.processor.maxAttempts)
  const retry = <T>(stage: string, operation: () => Promise<T>): Promise<T> => withRetries(operation, {
    stage,
    budget,
    signal: shutdown,
    onRetry: (failedStage, error, delayMs) => {
      context.metrics.retries.inc({ stage: failedStage })
      context.log.warn({ partition, offset: message.offset, stage: failedStage, attempt: budget.attempt, delayMs, error: (error as Error)?.message }, 'transient error, retrying')
    }
  })
  let event: DocumentReceived
  try {
    event = await retry('decode', async () => decodeReceived(context.codec, message.value))
  } catch (error) {
    if (error instanceof UnusableMessage) return deadLetter(context, topic, partition, message, error.documentId, error.code, error.message, budget)
    if (error instanceof RetriesExhausted) return deadLetter(context, topic, partition, message, null, 'retries_exhausted', error.message, budget)
    throw error
  }
  context.metrics.inFlight.inc()
  try {
    const processed = await processDocument(context, event, partition, message.offset, budget, retry)
    context.metrics.documents.inc({ door: processed.source, status: processed.status, reason: processed.failureReason ?? 'none' })
    return processed.status
  } catch (error) {
    if (error instanceof RetriesExhausted) return deadLetter(context, topic, partition, message, event.documentId, 'retries_exhausted', error.message, budget)
    if (error instanceof Abandoned) throw error
    // Not transient and not the document's fault (e.g. access denied on the results bucket):
    // retrying cannot help, so park the event where an operator will see it.
    return deadLetter(context, topic, partition, message, event.documentId, 'internal', (error as Error)?.message ?? String(error), budget)
  } finally {
    context.metrics.inFlight.dec()
  }
}

type Retry = <T>(stage: string, operation: () => Promise<T>) => Promise<T>

async function processDocument (context: PipelineContext, event: DocumentReceived, partition: number, offset: string, budget: AttemptBudget, retry: Retry): Promise<DocumentProcessed> {
  const { config, s3, pool } = context
  const resultsBucket = config.s3.resultsBucket
  const startedAt = Date.now()
  const stages: StageDurations = { ...noStageTime }
  let ending: DocumentEnding
  let stage: 'fetch' | 'extract' | 'store' = 'fetch'
  let mark = performance.now()
  try {
    const data = await retry('fetch', async () => fetchDocument(s3, event.bucket, event.key, config.processor.maxDocumentBytes))
    stages.fetchMs = performance.now() - mark
    stage = 'extract'
    mark = performance.now()
    const result = await pool.process(data)
    stages.extractMs = result.extractMs
    stages.redactMs = result.redactMs
    stage = 'store'
    mark = performance.now()
    await retry('store', async () => storeRedactedText(s3, resultsBucket, event.documentId, result.redactedText))
    stages.storeMs = performance.now() - mark
    ending = { status: 'processed', counts: result, resultsBucket }
  } catch (error) {
    // Outages and shutdown are not the document's fault: they must not turn into a failed document.
    if (error instanceof RetriesExhausted || error instanceof Abandoned) throw error
    // The stage that failed is charged the time it took (a timeout shows up as extract time).
    stages[`${stage}Ms`] = performance.now() - mark
    const reason = failureReasonOf(error)
    if (reason === 'internal') context.log.error({ documentId: event.documentId, stage, error: (error as Error)?.message }, 'document failed with an unexpected error')
    ending = { status: 'failed', reason, message: (error as Error)?.message ?? String(error) }
  }
  const processed = processedEvent({ event, ending, startedAt, completedAt: Date.now(), stages, host: context.host, partition, offset, attempt: budget.attempt })
  await retry('store', async () => storeSummary(s3, resultsBucket, processed))
  const publishStarted = performance.now()
  await retry('publish', async () => publishProcessed(context, processed))
  recordMetrics(context.metrics, processed, (performance.now() - publishStarted) / 1000)
  if (ending.status === 'failed') context.log.info({ documentId: event.documentId, reason: ending.reason, partition, offset }, 'document failed')
  else context.log.debug({ documentId: event.documentId, pages: processed.pages, totalMs: processed.timings.totalMs }, 'document processed')
  return processed
}

async function publishProcessed (context: PipelineContext, processed: DocumentProcessed): Promise<void> {
  await context.producer.send({
    topic: context.config.kafka.topicProcessed,
    acks: -1,
    messages: [{ key: processed.documentId, value: await context.codec.encode('processed', processed) }]
  })
}

function recordMetrics (metrics: ProcessorMetrics, processed: DocumentProcessed, publishSeconds: number): void {
  const { timings } = processed
  const observe = (stage: ProcessorStage, milliseconds: number): void => metrics.stageSeconds.observe({ stage }, milliseconds / 1000)
  observe('queue', timings.queueMs)
  observe('fetch', timings.fetchMs)
  observe('extract', timings.extractMs)
  observe('redact', timings.redactMs)
  observe('store', timings.storeMs)
  metrics.stageSeconds.observe({ stage: 'publish' }, publishSeconds)
  observe('total', timings.totalMs)
  metrics.pages.inc(processed.pages)
  for (const [type, count] of Object.entries(processed.piiCounts)) metrics.piiFindings.inc({ type }, count)
}

async function deadLetter (context: PipelineContext, topic: string, partition: number, message: KafkaMessage, documentId: string | null, code: DeadLetterCode, errorMessage: string, budget: AttemptBudget): Promise<MessageOutcome> {
  const now = Date.now()
  const record = deadLetterRecord({
    sourceTopic: topic,
    sourcePartition: partition,
    message,
    documentId,
    errorCode: code,
    errorMessage,
    attempts: budget.attempt,
    firstFailureAt: budget.firstFailureAt ?? now,
    lastFailureAt: budget.lastFailureAt ?? now,
    host: context.host
  })
  await publishDeadLetter(context.producer, context.codec, context.config.kafka.topicDeadLetter, record)
  context.metrics.deadLetters.inc({ code })
  context.log.error({ documentId, partition, offset: message.offset, code, attempts: record.attempts }, 'event dead-lettered')
  return 'dead_lettered'
}
