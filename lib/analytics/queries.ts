// Every SQL statement behind `sluice stats` and GET /v1/stats. Everything about documents reads
// the rollups through lib/analytics/latest.ts, which keeps each document's newest version only,
// so a document delivered or processed more than once counts once in every figure, with the
// values of its latest completion; "slowest documents" reads those versions' raw rows.
// All values enter through lib/clickhouse/sql.ts. The same text runs on ClickHouse 18.16 and
// on modern ClickHouse: no query parameters, no DateTime64, no JSON or Map functions.
import { sqlDateTime, sqlIdentifier, sqlInteger } from '../clickhouse/sql.ts'
import { findingsSql, latestDocumentsSql, slowestDocumentsSql, stageDurationsSql, type WindowSql } from './latest.ts'
import type { StatsWindow } from './window.ts'

export interface QueryOptions {
  /** How many slowest documents to list. */
  slowest: number
  /** Seconds per point of the throughput series: 1 (per-second rollup), 60 or 3600 (per-minute rollup). */
  seriesStepSeconds: SeriesStep
}

export type SeriesStep = 1 | 60 | 3600

export const maxSlowest = 1000

function windowSql (window: StatsWindow): WindowSql {
  const from = sqlDateTime(window.fromMs)
  const to = sqlDateTime(window.toMs)
  return { from, within: (column) => `${column} >= ${from} AND ${column} < ${to}` }
}

/** The statements, by name; each returns rows as documented in lib/analytics/stats.ts. */
export function statsQueries (database: string, window: StatsWindow, options: QueryOptions): Record<StatsQueryName, string> {
  const db = sqlIdentifier(database)
  const inWindow = windowSql(window)
  const limit = sqlInteger(options.slowest, 0, maxSlowest)
  const latest = latestDocumentsSql(db, 'second', inWindow)
  // Series buckets are aligned to their step, so the first one may start before `from`.
  const stepMs = options.seriesStepSeconds * 1000
  const seriesWindow = windowSql({ fromMs: Math.floor(window.fromMs / stepMs) * stepMs, toMs: window.toMs })
  return {
    outcomes: `SELECT source, status, failure_reason AS reason, count() AS documents, sum(bytes) AS bytes, sum(pages) AS pages, sum(chars) AS chars
FROM (${latest}) GROUP BY source, status, reason ORDER BY source, status, reason`,
    series: options.seriesStepSeconds === 1
      ? `SELECT toUInt32(completed) AS t, count() AS documents FROM (${latest}) GROUP BY t ORDER BY t`
      : `SELECT toUInt32(${options.seriesStepSeconds === 3600 ? 'toStartOfHour(completed)' : 'completed'}) AS t, count() AS documents
FROM (${latestDocumentsSql(db, 'minute', seriesWindow)}) GROUP BY t ORDER BY t`,
    peak: `SELECT toUInt32(completed) AS t, count() AS documents FROM (${latest}) GROUP BY t ORDER BY documents DESC, t LIMIT 1`,
    stages: `SELECT stage, count() AS documents, quantiles(0.5, 0.95, 0.99)(duration_ms) AS quantiles_ms, sum(duration_ms) AS sum_ms, max(duration_ms) AS max_ms
FROM (${stageDurationsSql(db, inWindow)}) GROUP BY stage ORDER BY stage`,
    redactions: `SELECT pii_type AS type, sum(findings) AS findings, count() AS documents
FROM (${findingsSql(db, inWindow)}) GROUP BY pii_type ORDER BY findings DESC, type`,
    slowest: slowestDocumentsSql(db, inWindow, `document_id, source, status, failure_reason, total_ms,
  queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, pages, size_bytes, completed_at_ms`, limit),
    deadLetters: `SELECT error_code, count() AS events
FROM ${db}.dead_letters FINAL WHERE ${inWindow.within('last_failure_at')} GROUP BY error_code ORDER BY events DESC, error_code`
  }
}

export const statsQueryNames = ['outcomes', 'series', 'peak', 'stages', 'redactions', 'slowest', 'deadLetters'] as const
export type StatsQueryName = typeof statsQueryNames[number]
