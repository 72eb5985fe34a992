// Deterministic DocumentProcessed / DeadLetter events for sink and analytics tests.
import type { DeadLetter, DocumentProcessed, DocumentSource, FailureReason } from '../../lib/events/types.ts'

export interface EventShape {
  index: number
  completedAt: number
  source?: DocumentSource
  failureReason?: FailureReason
  piiCounts?: Record<string, number>
  extractMs?: number
  prefix?: string
}

/** Stage timings derived from the index so quantiles are known: extract = 100 + index ms unless given. */
export function processedEvent (shape: EventShape): DocumentProcessed {
  const extractMs = shape.extractMs ?? 100 + shape.index
  const timings = { queueMs: 5, fetchMs: 10, extractMs, redactMs: 20, storeMs: 15, totalMs: 5 + 10 + extractMs + 20 + 15 }
  const failed = shape.failureReason !== undefined
  return {
    documentId: `${shape.prefix ?? 'doc'}-${String(shape.index).padStart(6, '0')}`,
    source: shape.source ?? 'api',
    bucket: 'sluice-inbox',
    key: `inbox/${shape.index}.pdf`,
    size: 1000 + shape.index,
    sha256: 'ab'.repeat(32),
    status: failed ? 'failed' : 'processed',
    failureReason: shape.failureReason ?? null,
    failureMessage: failed ? 'it\'s broken; -- really' : null,
    pages: 1 + (shape.index % 3),
    chars: 500,
    piiCounts: shape.piiCounts ?? (failed ? {} : { EMAIL_ADDRESS: 1, PHONE_NUMBER: shape.index % 2 }),
    resultBucket: failed ? null : 'sluice-results',
    resultKey: failed ? null : `documents/${shape.index}/text.txt`,
    receivedAt: shape.completedAt - timings.totalMs,
    startedAt: shape.completedAt - timings.totalMs + 5,
    completedAt: shape.completedAt,
    timings,
    host: 'test-host:1',
    partition: shape.index % 4,
    offset: shape.index,
    attempt: 1,
    keyPseudonym: null
  }
}

export function deadLetterEvent (index: number, lastFailureAt: number, prefix = 'dlq'): DeadLetter {
  return {
    documentId: `${prefix}-${index}`,
    sourceTopic: 'documents.received',
    sourcePartition: index % 4,
    sourceOffset: index,
    originalKey: null,
    originalValue: Buffer.from('not avro'),
    errorCode: index % 2 === 0 ? 'undecodable' : 'missing_object',
    errorMessage: 'could not decode \'event\'; DROP TABLE x --',
    attempts: 5,
    firstFailureAt: lastFailureAt - 1000,
    lastFailureAt,
    host: 'test-host:1'
  }
}
