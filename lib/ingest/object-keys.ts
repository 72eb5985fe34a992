// Object keys that Sluice itself writes. Keys under the reserved prefixes are never treated as
// dropped documents by the bucket bridge or the rescan: the API and the publish command emit
// their own events for them, and the internal prefix holds bookkeeping such as idempotency records.
export const reservedPrefixes = {
  api: 'api/',
  topic: 'topic/',
  internal: '_sluice/'
} as const

export function isReservedKey (key: string): boolean {
  return Object.values(reservedPrefixes).some((prefix) => key.startsWith(prefix))
}

export function apiObjectKey (documentId: string): string {
  return `${reservedPrefixes.api}${documentId}.pdf`
}

export function topicObjectKey (documentId: string): string {
  return `${reservedPrefixes.topic}${documentId}.pdf`
}

export function idempotencyRecordKey (scopeHash: string): string {
  return `${reservedPrefixes.internal}idempotency/${scopeHash}.json`
}

/**
 * Written by a door that refused a document after its event may already have reached Kafka (an
 * unacknowledged produce can still land). The processor drops an event whose object is missing
 * when this marker exists (see lib/ingest/withdrawal.ts).
 */
export function withdrawnMarkerKey (documentId: string): string {
  return `${reservedPrefixes.internal}withdrawn/${documentId}.json`
}

// Results-bucket keys derive only from the document id, so a redelivered event overwrites the
// same object instead of adding copies.

/**
 * The one object the processor writes per document, for every outcome: the processed event as
 * `summary` and the redacted text as `text` (lib/results/document-result.ts, docs/processor.md).
 * Its presence means the document has an outcome.
 */
export function resultKey (documentId: string): string {
  return `documents/${documentId}/result.json`
}

/**
 * Where processors before the single result object wrote the outcome (the processed event alone;
 * the text was in `redacted.txt` beside it). Still read, so documents processed before an upgrade
 * keep their status and are not processed again by a rescan or a replay.
 */
export function legacySummaryKey (documentId: string): string {
  return `documents/${documentId}/summary.json`
}

/** Objects whose presence means the document has an outcome, the current one first. */
export function outcomeKeys (documentId: string): string[] {
  return [resultKey(documentId), legacySummaryKey(documentId)]
}

/** Bookkeeping in the results bucket: this dead letter (DLQ topic, partition, offset) was replayed. */
export function replayedDeadLetterKey (deadLetterTopic: string, partition: number, offset: string): string {
  return `${reservedPrefixes.internal}dlq-replayed/${deadLetterTopic}/${partition}-${offset}`
}
