// Builds the DocumentProcessed event, the one record of how a document ended: published to
// Kafka, stored as the summary of the document's result object, and counted in the metrics. Pure, so every field is testable.
// Every output leaves the raw object key behind: the event carries its redacted form and a keyed
// pseudonym, and the failure message passes the same redaction (docs/privacy.md). An external
// producer writes the received event itself, so its bucket is a caller string too, and its
// sha256 is only copied when it is one.
import type { DocumentProcessed, DocumentReceived, FailureReason } from '../../lib/events/types.ts'
import { resultKey } from '../../lib/ingest/object-keys.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { assembleTimings, type StageDurations } from './timings.ts'

export interface DocumentCounts {
  pages: number
  chars: number
  piiCounts: Record<string, number>
}

export type DocumentEnding =
  | { status: 'processed', counts: DocumentCounts, resultsBucket: string }
  | { status: 'failed', reason: FailureReason, message: string }

export interface ProcessingRecord {
  event: DocumentReceived
  ending: DocumentEnding
  startedAt: number
  completedAt: number
  stages: StageDurations
  host: string
  partition: number
  offset: string
  attempt: number
}

const sha256Pattern = /^[0-9a-f]{64}$/

export function processedEvent (record: ProcessingRecord, callerStrings: CallerStrings): DocumentProcessed {
  const { event, ending } = record
  const processed = ending.status === 'processed' ? ending : undefined
  const failed = ending.status === 'failed' ? ending : undefined
  return {
    documentId: event.documentId,
    source: event.source,
    bucket: callerStrings.redact(event.bucket),
    key: callerStrings.redact(event.key),
    size: event.size,
    sha256: sha256Pattern.test(event.sha256) ? event.sha256 : '',
    status: ending.status,
    failureReason: failed?.reason ?? null,
    failureMessage: failed === undefined ? null : callerStrings.redact(failed.message),
    pages: processed?.counts.pages ?? 0,
    chars: processed?.counts.chars ?? 0,
    piiCounts: processed?.counts.piiCounts ?? {},
    resultBucket: processed?.resultsBucket ?? null,
    resultKey: processed === undefined ? null : resultKey(event.documentId),
    receivedAt: event.receivedAt,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    timings: assembleTimings(event.receivedAt, record.startedAt, record.completedAt, record.stages),
    host: record.host,
    partition: record.partition,
    offset: Number(record.offset),
    attempt: record.attempt,
    keyPseudonym: callerStrings.pseudonym(event.key)
  }
}
