// Writes one batch. Materialized views fire on every insert, so an event that is already in
// ClickHouse (a redelivery after a crash, or a retry whose first attempt did succeed although
// its reply was lost) must not be inserted again: each batch first asks which of its
// documents are stored with the same or a newer version and leaves those out.
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier, sqlStringList } from '../../lib/clickhouse/sql.ts'
import type { Batch } from './buffer.ts'
import { stampInserted, type OutcomeRow } from './rows.ts'

/** Ids per lookup query: keeps each query far below ClickHouse's 256 KiB max_query_size. */
const lookupChunk = 500

export interface WriteResult {
  outcomesInserted: number
  deadLettersInserted: number
  /** Outcomes left out because ClickHouse already held them. */
  alreadyStored: number
}

async function storedVersions (clickhouse: ClickHouse, database: string, documentIds: string[]): Promise<Map<string, number>> {
  const versions = new Map<string, number>()
  for (let start = 0; start < documentIds.length; start += lookupChunk) {
    const ids = documentIds.slice(start, start + lookupChunk)
    const rows = await clickhouse.select<{ document_id: string, version: string | number }>(
      `SELECT document_id, max(version) AS version FROM ${database}.document_outcomes WHERE document_id IN (${sqlStringList(ids)}) GROUP BY document_id`
    )
    for (const row of rows) versions.set(row.document_id, Number(row.version))
  }
  return versions
}

export async function writeBatch (clickhouse: ClickHouse, database: string, batch: Batch, now: () => number = Date.now): Promise<WriteResult> {
  const db = sqlIdentifier(database)
  // Dead letters feed no views and ReplacingMergeTree collapses repeats, so they go in as they are.
  await clickhouse.insert(`${db}.dead_letters`, batch.deadLetters)
  let fresh: OutcomeRow[] = batch.outcomes
  if (fresh.length > 0) {
    const stored = await storedVersions(clickhouse, db, fresh.map((row) => row.document_id))
    fresh = fresh.filter((row) => (stored.get(row.document_id) ?? -1) < row.version)
  }
  const insertedAt = now()
  await clickhouse.insert(`${db}.document_outcomes`, fresh.map((row) => stampInserted(row, insertedAt)))
  return { outcomesInserted: fresh.length, deadLettersInserted: batch.deadLetters.length, alreadyStored: batch.outcomes.length - fresh.length }
}
