// Writes one batch: dead letters, then outcomes, with no read first. A redelivered outcome (a
// sink crash mid-batch, a retry whose first attempt did succeed although its reply was lost, a
// document processed again) is simply inserted again: document_outcomes collapses it
// (ReplacingMergeTree(version)), and the rollups its views fill keep one tuple per delivery
// that every reader reduces to the document's newest version (lib/analytics/latest.ts), so
// nothing is counted twice. Asking what is stored would cost a query per batch and still not
// cover a document redelivered inside a differently composed batch.
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier } from '../../lib/clickhouse/sql.ts'
import type { Batch } from './buffer.ts'
import { stampInserted } from './rows.ts'

export interface WriteResult {
  outcomesInserted: number
  deadLettersInserted: number
}

export async function writeBatch (clickhouse: ClickHouse, database: string, batch: Batch, now: () => number = Date.now): Promise<WriteResult> {
  const db = sqlIdentifier(database)
  // Dead letters feed no views and ReplacingMergeTree collapses repeats, so they go in as they are.
  await clickhouse.insert(`${db}.dead_letters`, batch.deadLetters)
  const insertedAt = now()
  await clickhouse.insert(`${db}.document_outcomes`, batch.outcomes.map((row) => stampInserted(row, insertedAt)))
  return { outcomesInserted: batch.outcomes.length, deadLettersInserted: batch.deadLetters.length }
}
