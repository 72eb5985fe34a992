// The journey of one received event: decode, fetch, extract+redact (in a worker thread),
// store, publish. Every document ends as exactly one of: a processed event, a failed event
// with a reason, or a dead-letter record. Returning means the outcome is acknowledged by
// Kafka and the offset may be committed; throwing means it is not (the event is redelivered).
import type { KafkaMessage, Producer } from 'kafkajs'
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import type { ExtractionPool } from '../../lib/extraction/pool.ts'
import { failureReasonOf, isSluiceError, type DeadLetterCode } from '../../lib/errors.ts'
import { isDocumentId } from '../../lib/ingest/document-id.ts'
import { isWithdrawn } from '../../lib/ingest/withdrawal.ts'
import type { DocumentProcessed, DocumentReceived } from '../../lib/events/types.ts'
import type { Logger } from '../../lib/log.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import type { EventCodec } from '../../lib/registry/codec.ts'
import type { ProcessorStage } from '../../lib/stages.ts'
import { deadLetterRecord, publishDeadLetter } from './dead-letter.ts'
import { fetchDocument } from './fetch-document.ts'
import type { ProcessorMetrics } from './metrics.ts'
import { decodeReceived, UnusableMessage } from './receive.ts'
import { processedEvent, type DocumentEnding } from './outcome.ts'
import type { ExpectedOutcome, OutcomePublisher } from './outcome-publisher.ts'
import { storeResult } from './results.ts'
import { Abandoned, newAttempts, OutageLimitReached, withRetries, type Attempts } from './retry.ts'
import { assembleTimings, noStageTime, type StageDurations } from './timings.ts'

export interface PipelineContext {
  config: Config
  s3: Client
  /** Dead letters go out through it directly. */
  producer: Producer
  /** Processed events go out through it, several to a request. */
  outcomes: OutcomePublisher
  codec: EventCodec
  pool: ExtractionPool
  metrics: ProcessorMetrics
  log: Logger
  /** Error messages may repeat object keys (S3 and client errors): they pass the redaction before any output (logs: lib/log.ts). */
  callerStrings: CallerStrings
  /** host name and process id, recorded on every event */
  host: string
}

export type MessageOutcome = 'processed' | 'failed' | 'dead_lettered' | 'withdrawn'

/** The event's door refused the document (lib/ingest/withdrawal.ts): it gets no outcome at all. */
class Withdrawn extends Error {}

/**
 * `releaseAdmission` gives the document's admission slot back once its result is stored and only
 * the publish of its outcome is left (see outcome-publisher.ts); the caller releases it anyway
 * when this returns or throws.
 */
export async function handleMessage (context: PipelineContext, topic: string, partition: number, message: KafkaMessage, shutdown: AbortSignal, releaseAdmission: () => void = () => {}): Promise<MessageOutcome> {
  const attempts = newAttempts()
  const retry = <T>(stage: string, operation: () => Promise<T>): Promise<T> => withRetries(operation, {
    stage,
    attempts,
    outageLimitMs: context.config.processor.outageLimitMs,
    signal: shutdown,
    onPause: ({ stage: failedStage, error, retry: number, delayMs, outageMs }) => {
      context.metrics.retries.inc({ stage: failedStage })
      if (number === 1) context.metrics.paused.inc({ stage: failedStage })
      // The first pause of an outage is a warning; the retries that follow only repeat it.
      const level = number === 1 ? 'warn' : 'debug'
      context.log[level]({ partition, offset: message.offset, stage: failedStage, attempt: attempts.attempt, delayMs, outageMs, error }, 'dependency unavailable: document paused, retrying with backoff')
    },
    onPauseEnd: (failedStage, outageMs, recovered) => {
      context.metrics.paused.dec({ stage: failedStage })
      if (recovered) context.log.info({ partition, offset: message.offset, stage: failedStage, outageMs, attempt: attempts.attempt }, 'dependency back: document resumed')
    }
  })
  let event: DocumentReceived
  try {
    event = await retry('decode', async () => decodeReceived(context.codec, message.value))
  } catch (error) {
    if (error instanceof UnusableMessage) return deadLetter(context, topic, partition, message, error.documentId, error.code, error.message, attempts)
    if (error instanceof OutageLimitReached) return deadLetter(context, topic, partition, message, null, 'outage_limit', error.message, attempts)
    throw error
  }
  // An external producer chooses the id, and the id names the result object, the outcome row and
  // log lines: one that holds personal data (not a UUID, and changed by the caller-string
  // redaction) is refused before it is written anywhere.
  if (!isDocumentId(event.documentId) && context.callerStrings.redact(event.documentId) !== event.documentId) {
    return deadLetter(context, topic, partition, message, null, 'invalid_event', 'the documentId holds personal data: choose a UUID', attempts)
  }
  context.metrics.inFlight.inc()
  try {
    const processed = await processDocument(context, event, partition, message.offset, attempts, retry, releaseAdmission)
    context.metrics.documents.inc({ door: processed.source, status: processed.status, reason: processed.failureReason ?? 'none' })
    return processed.status
  } catch (error) {
    if (error instanceof OutageLimitReached) return deadLetter(context, topic, partition, message, event.documentId, 'outage_limit', error.message, attempts)
    if (error instanceof Abandoned) throw error
    if (error instanceof Withdrawn) {
      context.metrics.withdrawn.inc({ door: event.source })
      context.log.info({ documentId: event.documentId, door: event.source, partition, offset: message.offset }, 'dropped the event of a document its door refused')
      return 'withdrawn'
    }
    // Not transient and not the document's fault (e.g. access denied on the results bucket):
    // retrying cannot help, so park the event where an operator will see it.
    return deadLetter(context, topic, partition, message, event.documentId, 'internal', (error as Error)?.message ?? String(error), attempts)
  } finally {
    context.metrics.inFlight.dec()
  }
}

type Retry = <T>(stage: string, operation: () => Promise<T>) => Promise<T>

async function processDocument (context: PipelineContext, event: DocumentReceived, partition: number, offset: string, attempts: Attempts, retry: Retry, releaseAdmission: () => void): Promise<DocumentProcessed> {
  // While it is processed, the events already waiting to be published may wait for its event.
  const expected = context.outcomes.expect()
  let processed: DocumentProcessed
  try {
    processed = await storeOutcome(context, event, partition, offset, attempts, retry)
  } catch (error) {
    expected.cancel()
    throw error
  }
  const publishStarted = performance.now()
  await publishProcessed(context, processed, expected, retry, releaseAdmission)
  recordMetrics(context.metrics, processed, (performance.now() - publishStarted) / 1000)
  if (processed.status === 'failed') context.log.info({ documentId: event.documentId, reason: processed.failureReason, partition, offset }, 'document failed')
  else context.log.debug({ documentId: event.documentId, pages: processed.pages, totalMs: processed.timings.totalMs }, 'document processed')
  return processed
}

/** Fetch, extract+redact, store the result object; returns the event to publish. */
async function storeOutcome (context: PipelineContext, event: DocumentReceived, partition: number, offset: string, attempts: Attempts, retry: Retry): Promise<DocumentProcessed> {
  const { config, s3, pool } = context
  const resultsBucket = config.s3.resultsBucket
  const startedAt = Date.now()
  const stages: StageDurations = { ...noStageTime }
  let ending: DocumentEnding
  let redactedText: string | null = null
  let stage: 'fetch' | 'extract' = 'fetch'
  let mark = performance.now()
  try {
    const data = await retry('fetch', async () => fetchDocument(s3, event.bucket, event.key, config.processor.maxDocumentBytes))
    stages.fetchMs = performance.now() - mark
    stage = 'extract'
    mark = performance.now()
    const result = await pool.extractAndRedact(data, { maxPages: config.processor.maxPages })
    stages.extractMs = result.extractMs
    stages.redactMs = result.redactMs
    redactedText = result.redactedText
    ending = { status: 'processed', counts: result, resultsBucket }
  } catch (error) {
    // Outages and shutdown are not the document's fault: they must not turn into a failed document.
    if (error instanceof OutageLimitReached || error instanceof Abandoned) throw error
    if (isSluiceError(error, 'MISSING_OBJECT') && await retry('fetch', async () => isWithdrawn(s3, event.bucket, event.documentId))) throw new Withdrawn()
    // The stage that failed is charged the time it took (a timeout shows up as extract time).
    stages[`${stage}Ms`] = performance.now() - mark
    const reason = failureReasonOf(error)
    if (reason === 'internal') context.log.error({ documentId: event.documentId, stage, error }, 'document failed with an unexpected error')
    ending = { status: 'failed', reason, message: (error as Error)?.message ?? String(error) }
  }
  // The stored summary is the event as it stands before its own write; the published event adds
  // the store's time (storeMs, and completedAt/totalMs end after it).
  const summary = processedEvent({ event, ending, startedAt, completedAt: Date.now(), stages, host: context.host, partition, offset, attempt: attempts.attempt }, context.callerStrings)
  mark = performance.now()
  await retry('store', async () => storeResult(s3, resultsBucket, summary, redactedText))
  stages.storeMs = performance.now() - mark
  const completedAt = Date.now()
  return { ...summary, completedAt, timings: assembleTimings(event.receivedAt, startedAt, completedAt, stages) }
}

async function publishProcessed (context: PipelineContext, processed: DocumentProcessed, expected: ExpectedOutcome, retry: Retry, releaseAdmission: () => void): Promise<void> {
  const { outcomes } = context
  // Taken before the admission slot is given back: when Kafka is down and the outcome capacity
  // is full, the document keeps its slot and no new document starts.
  await outcomes.capacity.acquire()
  releaseAdmission()
  try {
    await retry('publish', async () => expected.publish({ key: processed.documentId, value: await context.codec.encode('processed', processed) }))
  } catch (error) {
    expected.cancel()
    throw error
  } finally {
    outcomes.capacity.release()
  }
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

async function deadLetter (context: PipelineContext, topic: string, partition: number, message: KafkaMessage, documentId: string | null, code: DeadLetterCode, errorMessage: string, attempts: Attempts): Promise<MessageOutcome> {
  const now = Date.now()
  const record = deadLetterRecord({
    sourceTopic: topic,
    sourcePartition: partition,
    message,
    documentId,
    errorCode: code,
    errorMessage: context.callerStrings.redact(errorMessage),
    attempts: attempts.attempt,
    firstFailureAt: attempts.firstFailureAt ?? now,
    lastFailureAt: attempts.lastFailureAt ?? now,
    host: context.host
  })
  await publishDeadLetter(context.producer, context.codec, context.config.kafka.topicDeadLetter, record)
  context.metrics.deadLetters.inc({ code })
  context.log.error({ documentId, partition, offset: message.offset, code, attempts: record.attempts }, 'event dead-lettered')
  return 'dead_lettered'
}
