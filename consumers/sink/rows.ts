// Events become ClickHouse rows here, and only here. Values are made insertable whatever
// the event says (a negative duration from clock skew, a fractional size): one malformed
// event must never make a whole batch fail forever and stall the sink.
import type { DeadLetter, DocumentProcessed } from '../../lib/events/types.ts'
import type { StageColumn } from '../../lib/stages.ts'

/** Where the event was read from, and when the broker appended it (LogAppendTime). */
export interface KafkaPosition {
  partition: number
  offset: number
  appendedAtMs: number
}

/** One `<stage>_ms` column per stage of lib/stages.ts, so a new stage cannot be left out of the row. */
export interface OutcomeRow extends Record<StageColumn, number> {
  document_id: string
  source: string
  status: string
  failure_reason: string
  failure_message: string
  bucket: string
  object_key: string
  size_bytes: number
  sha256: string
  pages: number
  chars: number
  pii_types: string[]
  pii_counts: number[]
  result_bucket: string
  result_key: string
  received_at_ms: number
  started_at_ms: number
  completed_at_ms: number
  published_at_ms: number
  inserted_at_ms: number
  completed_at: number
  host: string
  received_partition: number
  received_offset: number
  attempt: number
  event_partition: number
  event_offset: number
  version: number
}

export interface DeadLetterRow {
  document_id: string
  source_topic: string
  source_partition: number
  source_offset: number
  error_code: string
  error_message: string
  attempts: number
  first_failure_at_ms: number
  last_failure_at_ms: number
  last_failure_at: number
  original_bytes: number
  host: string
  event_partition: number
  event_offset: number
  inserted_at_ms: number
}

/** A non-negative whole number (UInt columns); anything else becomes 0. */
function count (value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.trunc(value) : 0
}

/** A non-negative duration in ms (Float64 columns). */
function duration (value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0
}

/**
 * The insert stage is only known when the batch is written, so rows are stamped then
 * (see stampInserted); until that moment inserted_at_ms and insert_ms are 0.
 */
export function outcomeRow (event: DocumentProcessed, position: KafkaPosition): OutcomeRow {
  // Types with no findings are left out, so 'documents with this type' means documents where it was found.
  const piiTypes = Object.keys(event.piiCounts).filter((type) => count(event.piiCounts[type] ?? 0) > 0).sort()
  const completedAtMs = count(event.completedAt)
  const publishedAtMs = count(position.appendedAtMs)
  return {
    document_id: event.documentId,
    source: event.source,
    status: event.status,
    failure_reason: event.failureReason ?? '',
    failure_message: event.failureMessage ?? '',
    bucket: event.bucket,
    // Already redacted by the processor (docs/privacy.md): no raw caller string reaches ClickHouse.
    object_key: event.key,
    size_bytes: count(event.size),
    sha256: event.sha256,
    pages: count(event.pages),
    chars: count(event.chars),
    pii_types: piiTypes,
    pii_counts: piiTypes.map((type) => count(event.piiCounts[type] ?? 0)),
    result_bucket: event.resultBucket ?? '',
    result_key: event.resultKey ?? '',
    received_at_ms: count(event.receivedAt),
    started_at_ms: count(event.startedAt),
    completed_at_ms: completedAtMs,
    published_at_ms: publishedAtMs,
    inserted_at_ms: 0,
    completed_at: Math.floor(completedAtMs / 1000),
    queue_ms: duration(event.timings.queueMs),
    fetch_ms: duration(event.timings.fetchMs),
    extract_ms: duration(event.timings.extractMs),
    redact_ms: duration(event.timings.redactMs),
    store_ms: duration(event.timings.storeMs),
    // Publishing is measured from the processed topic's broker append time (LogAppendTime).
    publish_ms: duration(publishedAtMs - completedAtMs),
    insert_ms: 0,
    total_ms: duration(event.timings.totalMs),
    host: event.host,
    received_partition: count(event.partition),
    received_offset: count(event.offset),
    attempt: count(event.attempt),
    event_partition: position.partition,
    event_offset: position.offset,
    // The latest completion wins when a document was processed more than once.
    version: completedAtMs
  }
}

/** Sets the insert stage: from the broker append time to the moment the sink writes the batch. */
export function stampInserted (row: OutcomeRow, insertedAtMs: number): OutcomeRow {
  return { ...row, inserted_at_ms: insertedAtMs, insert_ms: duration(insertedAtMs - row.published_at_ms) }
}

export function deadLetterRow (event: DeadLetter, position: KafkaPosition, insertedAtMs: number): DeadLetterRow {
  const lastFailureAtMs = count(event.lastFailureAt)
  return {
    document_id: event.documentId ?? '',
    source_topic: event.sourceTopic,
    source_partition: count(event.sourcePartition),
    source_offset: count(event.sourceOffset),
    error_code: event.errorCode,
    error_message: event.errorMessage,
    attempts: count(event.attempts),
    first_failure_at_ms: count(event.firstFailureAt),
    last_failure_at_ms: lastFailureAtMs,
    last_failure_at: Math.floor(lastFailureAtMs / 1000),
    original_bytes: event.originalValue?.length ?? 0,
    host: event.host,
    event_partition: position.partition,
    event_offset: position.offset,
    inserted_at_ms: insertedAtMs
  }
}
