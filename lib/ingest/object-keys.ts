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
// same objects instead of adding copies.

/** Written by the processor into the results bucket for every outcome (see docs/ingestion.md). */
export function summaryKey (documentId: string): string {
  return `documents/${documentId}/summary.json`
}

/** The redacted text of a processed document, in the results bucket. */
export function redactedTextKey (documentId: string): string {
  return `documents/${documentId}/redacted.txt`
}

/** Bookkeeping in the results bucket: this dead letter (DLQ topic, partition, offset) was replayed. */
export function replayedDeadLetterKey (deadLetterTopic: string, partition: number, offset: string): string {
  return `${reservedPrefixes.internal}dlq-replayed/${deadLetterTopic}/${partition}-${offset}`
}
