// Reading documents' final outcomes back from ClickHouse, to know when every document sent
// is accounted for and what happened to it. Rows are collapsed per document id (FINAL), so
// redelivered events never count twice.
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier, sqlStringList } from '../../lib/clickhouse/sql.ts'
import { stageColumn, stages, type Stage } from '../../lib/stages.ts'
import type { OutcomeRow } from '../../consumers/sink/rows.ts'

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

const outcomeColumns = ['document_id', 'source', 'status', 'failure_reason', 'result_bucket', 'result_key', 'received_at_ms', 'completed_at_ms', 'inserted_at_ms', 'pii_types', 'pii_counts', ...stages.map(stageColumn)] as const

/**
 * The columns read here, typed from the row the sink writes (one declaration of the table's
 * row). ClickHouse returns 64-bit integers as JSON strings, so numbers may come back as text.
 */
type StoredOutcome = { [Column in typeof outcomeColumns[number]]: ReadBack<OutcomeRow[Column]> }
type ReadBack<T> = T extends number ? number | string : T extends number[] ? Array<number | string> : T

const columns = outcomeColumns.join(', ')
// Keeps each IN list, and so each query, a reasonable size.
const idsPerQuery = 500

export async function fetchOutcomes (clickhouse: ClickHouse, database: string, documentIds: readonly string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  for (let start = 0; start < documentIds.length; start += idsPerQuery) {
    const ids = documentIds.slice(start, start + idsPerQuery)
    const rows = await clickhouse.select<StoredOutcome>(
      `SELECT ${columns} FROM ${sqlIdentifier(database)}.document_outcomes FINAL WHERE document_id IN (${sqlStringList(ids)})`
    )
    outcomes.push(...rows.map(toOutcome))
  }
  return outcomes
}

/** Every outcome in the database; for benchmark runs, which use a database of their own. */
export async function fetchAllOutcomes (clickhouse: ClickHouse, database: string): Promise<Outcome[]> {
  const rows = await clickhouse.select<StoredOutcome>(`SELECT ${columns} FROM ${sqlIdentifier(database)}.document_outcomes FINAL`)
  return rows.map(toOutcome)
}

export async function countOutcomes (clickhouse: ClickHouse, database: string): Promise<number> {
  const [row] = await clickhouse.select<{ documents: string | number }>(
    `SELECT uniqExact(document_id) AS documents FROM ${sqlIdentifier(database)}.document_outcomes`
  )
  return Number(row?.documents ?? 0)
}

function toOutcome (row: StoredOutcome): Outcome {
  return {
    documentId: row.document_id,
    source: row.source,
    status: row.status as Outcome['status'],
    failureReason: row.failure_reason,
    resultBucket: row.result_bucket,
    resultKey: row.result_key,
    receivedAtMs: Number(row.received_at_ms),
    completedAtMs: Number(row.completed_at_ms),
    insertedAtMs: Number(row.inserted_at_ms),
    piiTypes: row.pii_types,
    piiCounts: row.pii_counts.map(Number),
    stages: Object.fromEntries(stages.map((stage) => [stage, Number(row[stageColumn(stage)])])) as Record<Stage, number>
  }
}
