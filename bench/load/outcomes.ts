// Reading documents' final outcomes back from ClickHouse, to know when every document sent
// is accounted for and what happened to it. Rows are collapsed per document id (FINAL), so
// redelivered events never count twice.
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier, sqlStringList } from '../../lib/clickhouse/sql.ts'

export interface Outcome {
  documentId: string
  source: string
  status: 'processed' | 'failed'
  failureReason: string
  resultBucket: string
  resultKey: string
  receivedAtMs: number
  completedAtMs: number
  insertedAtMs: number
  piiTypes: string[]
  piiCounts: number[]
  /** Milliseconds spent in each stage, as the processor and sink measured them. */
  stages: Record<Stage, number>
}

export const stages = ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] as const
export type Stage = typeof stages[number]

interface OutcomeRow {
  document_id: string
  source: string
  status: 'processed' | 'failed'
  failure_reason: string
  result_bucket: string
  result_key: string
  received_at_ms: string | number
  completed_at_ms: string | number
  inserted_at_ms: string | number
  pii_types: string[]
  pii_counts: Array<string | number>
  queue_ms: number
  fetch_ms: number
  extract_ms: number
  redact_ms: number
  store_ms: number
  publish_ms: number
  insert_ms: number
  total_ms: number
}

const columns = 'document_id, source, status, failure_reason, result_bucket, result_key, received_at_ms, completed_at_ms, inserted_at_ms, pii_types, pii_counts, ' +
  'queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms'
// Keeps each IN list, and so each query, a reasonable size.
const idsPerQuery = 500

export async function fetchOutcomes (clickhouse: ClickHouse, database: string, documentIds: readonly string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  for (let start = 0; start < documentIds.length; start += idsPerQuery) {
    const ids = documentIds.slice(start, start + idsPerQuery)
    const rows = await clickhouse.select<OutcomeRow>(
      `SELECT ${columns} FROM ${sqlIdentifier(database)}.document_outcomes FINAL WHERE document_id IN (${sqlStringList(ids)})`
    )
    outcomes.push(...rows.map(toOutcome))
  }
  return outcomes
}

/** Every outcome in the database; for benchmark runs, which use a database of their own. */
export async function fetchAllOutcomes (clickhouse: ClickHouse, database: string): Promise<Outcome[]> {
  const rows = await clickhouse.select<OutcomeRow>(`SELECT ${columns} FROM ${sqlIdentifier(database)}.document_outcomes FINAL`)
  return rows.map(toOutcome)
}

export async function countOutcomes (clickhouse: ClickHouse, database: string): Promise<number> {
  const [row] = await clickhouse.select<{ documents: string | number }>(
    `SELECT uniqExact(document_id) AS documents FROM ${sqlIdentifier(database)}.document_outcomes`
  )
  return Number(row?.documents ?? 0)
}

function toOutcome (row: OutcomeRow): Outcome {
  return {
    documentId: row.document_id,
    source: row.source,
    status: row.status,
    failureReason: row.failure_reason,
    resultBucket: row.result_bucket,
    resultKey: row.result_key,
    receivedAtMs: Number(row.received_at_ms),
    completedAtMs: Number(row.completed_at_ms),
    insertedAtMs: Number(row.inserted_at_ms),
    piiTypes: row.pii_types,
    piiCounts: row.pii_counts.map(Number),
    stages: {
      queue: Number(row.queue_ms),
      fetch: Number(row.fetch_ms),
      extract: Number(row.extract_ms),
      redact: Number(row.redact_ms),
      store: Number(row.store_ms),
      publish: Number(row.publish_ms),
      insert: Number(row.insert_ms),
      total: Number(row.total_ms)
    }
  }
}
