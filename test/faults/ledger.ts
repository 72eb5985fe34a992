// What ClickHouse holds after a fault, set against the ledger of what the doors answered: every
// accepted document has exactly one outcome, no refused one has any, nothing was dead-lettered,
// and the figures `sluice stats` reports (counts and sums from the rollups) count each document
// once. The fault stack is private to the suite, so everything in it came from the ledger.
import assert from 'node:assert/strict'
import { collectStats } from '../../lib/analytics/stats.ts'
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier } from '../../lib/clickhouse/sql.ts'
import { waitFor } from '../support/wait.ts'
import type { Answer, Door } from './load.ts'

interface OutcomeRow { document_id: string, source: Door, status: string, failure_reason: string, deliveries: string | number }

async function outcomes (clickhouse: ClickHouse, database: string): Promise<Map<string, OutcomeRow>> {
  const rows = await clickhouse.select<OutcomeRow>(`SELECT document_id, any(source) AS source, any(status) AS status, any(failure_reason) AS failure_reason, count() AS deliveries
FROM ${sqlIdentifier(database)}.document_outcomes GROUP BY document_id`)
  return new Map(rows.map((row) => [row.document_id, row]))
}

/** Waits until every accepted document has an outcome in ClickHouse, showing how many are left. */
export async function waitForOutcomes (clickhouse: ClickHouse, database: string, answers: Answer[], timeoutMs: number): Promise<void> {
  const accepted = answers.filter((answer) => answer.accepted)
  await waitFor(async () => {
    const stored = await outcomes(clickhouse, database)
    return accepted.every((answer) => answer.documentId !== undefined && stored.has(answer.documentId))
  }, {
    what: `an outcome for each of the ${accepted.length} accepted documents`,
    timeoutMs,
    intervalMs: 1000
  })
}

export interface LedgerCheck {
  accepted: number
  refused: number
  /** Outcomes stored more than once in the base table (collapsed by every reader). */
  redelivered: number
}

/**
 * Asserts the invariants over everything the suite has sent so far (`answers` of every test),
 * once the last accepted document has its outcome.
 */
export async function checkLedger (clickhouse: ClickHouse, database: string, answers: Answer[]): Promise<LedgerCheck> {
  const accepted = answers.filter((answer) => answer.accepted)
  const refused = answers.filter((answer) => !answer.accepted)
  const stored = await outcomes(clickhouse, database)
  for (const answer of accepted) {
    const row = stored.get(answer.documentId ?? '')
    assert.ok(row !== undefined, `accepted ${answer.door} document ${answer.documentId ?? '?'} has an outcome`)
    assert.equal(row.source, answer.door)
    assert.equal(row.status, 'processed', `${answer.door} document ${answer.documentId ?? '?'} was processed (${row.failure_reason})`)
  }
  for (const answer of refused) {
    if (answer.documentId !== undefined) assert.ok(!stored.has(answer.documentId), `refused ${answer.door} document ${answer.documentId} (${answer.answer}) has no outcome`)
  }
  // Refused topic-door files have no id to look up; that nothing else is stored covers them.
  assert.equal(stored.size, accepted.length, 'ClickHouse holds outcomes of accepted documents only')

  const [deadLetters] = await clickhouse.select<{ events: string | number }>(`SELECT count() AS events FROM ${sqlIdentifier(database)}.dead_letters`)
  assert.equal(Number(deadLetters?.events), 0, 'an outage is not a property of a document: nothing dead-lettered')

  // The product's own figures, from the rollups: each document once, in counts and in sums.
  const report = await collectStats(clickhouse, database, { fromMs: Date.now() - 86_400_000, toMs: Date.now() + 3_600_000 })
  assert.equal(report.documents.completed, accepted.length, 'documents completed')
  assert.equal(report.documents.bytes, accepted.reduce((sum, answer) => sum + answer.bytes, 0), 'bytes summed once per document')
  assert.equal(report.documents.pages, accepted.length, 'pages summed once per document (one page each)')
  for (const door of ['api', 'bucket', 'topic'] as const) {
    const bySource = report.bySource.find((row) => row.source === door)
    assert.equal(bySource?.processed ?? 0, accepted.filter((answer) => answer.door === door).length, `${door} documents processed`)
  }
  return {
    accepted: accepted.length,
    refused: refused.length,
    redelivered: [...stored.values()].filter((row) => Number(row.deliveries) > 1).length
  }
}
