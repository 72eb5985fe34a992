// TypeScript views of the Avro contracts in schemas/avro/. The .avsc files are the source of
// truth (they are what the schema registry stores); test/unit/lib/events/contracts.test.ts keeps
// these types and the schemas in step.
import { failureReasons, type FailureReason } from '../errors.ts'

export type DocumentSource = 'api' | 'bucket' | 'topic'
export type ProcessingStatus = 'processed' | 'failed'

// Failure reasons are defined with the error codes they come from (lib/errors.ts).
export { failureReasons, type FailureReason }

export interface DocumentReceived {
  documentId: string
  source: DocumentSource
  bucket: string
  key: string
  size: number
  sha256: string
  contentType: string
  receivedAt: number
  metadata: Record<string, string>
}

export interface StageTimings {
  queueMs: number
  fetchMs: number
  extractMs: number
  redactMs: number
  storeMs: number
  totalMs: number
}

export interface DocumentProcessed {
  documentId: string
  source: DocumentSource
  bucket: string
  key: string
  size: number
  sha256: string
  status: ProcessingStatus
  failureReason: FailureReason | null
  failureMessage: string | null
  pages: number
  chars: number
  piiCounts: Record<string, number>
  resultBucket: string | null
  resultKey: string | null
  receivedAt: number
  startedAt: number
  completedAt: number
  timings: StageTimings
  host: string
  partition: number
  offset: number
  attempt: number
  /** Keyed pseudonym of the raw object key (null in events written before it existed). */
  keyPseudonym: string | null
}

export interface DeadLetter {
  documentId: string | null
  sourceTopic: string
  sourcePartition: number
  sourceOffset: number
  originalKey: Buffer | null
  originalValue: Buffer | null
  errorCode: string
  errorMessage: string
  attempts: number
  firstFailureAt: number
  lastFailureAt: number
  host: string
}

/** The three event kinds, each with its schema file and the topic setting it travels on. */
export const eventKinds = {
  received: { schemaFile: 'document-received.avsc', topicSetting: 'topicReceived' },
  processed: { schemaFile: 'document-processed.avsc', topicSetting: 'topicProcessed' },
  deadLetter: { schemaFile: 'dead-letter.avsc', topicSetting: 'topicDeadLetter' }
} as const
export type EventKind = keyof typeof eventKinds

export interface EventPayloads {
  received: DocumentReceived
  processed: DocumentProcessed
  deadLetter: DeadLetter
}
