// Every SQL statement behind `sluice stats` and GET /v1/stats. Counts, throughput, latency
// and redactions read the rollups (never raw rows); only "slowest documents" and dead letters
// read base tables, collapsing redelivered rows with FINAL. Document counts are
// uniqExactMerge over document ids and sums come from per-document states (exactSumSql), so an
// event stored twice still counts once in every figure.
// All values enter through lib/clickhouse/sql.ts. The same text runs on ClickHouse 18.16 and
// on modern ClickHouse: no query parameters, no DateTime64, no JSON or Map functions.
import { sqlDateTime, sqlIdentifier, sqlInteger } from '../clickhouse/sql.ts'
import { exactSumSql, maxSql, quantilesSql } from './exact-sum.ts'
import type { StatsWindow } from './window.ts'

export interface QueryOptions {
  /** How many slowest documents to list. */
  slowest: number
  /** Seconds per point of the throughput series: 1 (per-second rollup), 60 or 3600 (per-minute rollup). */
  seriesStepSeconds: SeriesStep
}

export type SeriesStep = 1 | 60 | 3600

export const maxSlowest = 1000

function between (column: string, window: StatsWindow): string {
  return `${column} >= ${sqlDateTime(window.fromMs)} AND ${column} < ${sqlDateTime(window.toMs)}`
}

/** The statements, by name; each returns rows as documented in lib/analytics/stats.ts. */
export function statsQueries (database: string, window: StatsWindow, options: QueryOptions): Record<StatsQueryName, string> {
  const db = sqlIdentifier(database)
  const inWindow = between('second', window)
  const limit = sqlInteger(options.slowest, 0, maxSlowest)
  // Series buckets are aligned to their step, so the first one may start before `from`.
  const stepMs = options.seriesStepSeconds * 1000
  const seriesWindow = { fromMs: Math.floor(window.fromMs / stepMs) * stepMs, toMs: window.toMs }
  const bucket = options.seriesStepSeconds === 3600 ? 'toStartOfHour(minute)' : 'minute'
  return {
    totals: `SELECT uniqExactMerge(documents_state) AS documents, ${exactSumSql('document_values_state', 2)} AS bytes,
  ${exactSumSql('document_values_state', 3)} AS pages, ${exactSumSql('document_values_state', 4)} AS chars
FROM ${db}.outcomes_per_second WHERE ${inWindow}`,
    byStatus: `SELECT status, uniqExactMerge(documents_state) AS documents
FROM ${db}.outcomes_per_second WHERE ${inWindow} GROUP BY status ORDER BY status`,
    byReason: `SELECT failure_reason AS reason, uniqExactMerge(documents_state) AS documents
FROM ${db}.outcomes_per_second WHERE ${inWindow} AND status = 'failed' GROUP BY failure_reason ORDER BY documents DESC, reason`,
    bySource: `SELECT source, status, uniqExactMerge(documents_state) AS documents
FROM ${db}.outcomes_per_second WHERE ${inWindow} GROUP BY source, status ORDER BY source, status`,
    series: options.seriesStepSeconds === 1
      ? `SELECT toUInt32(second) AS t, uniqExactMerge(documents_state) AS documents
FROM ${db}.outcomes_per_second WHERE ${inWindow} GROUP BY second ORDER BY second`
      : `SELECT toUInt32(${bucket}) AS t, uniqExactMerge(documents_state) AS documents
FROM ${db}.outcomes_per_minute WHERE ${between('minute', seriesWindow)} GROUP BY t ORDER BY t`,
    peak: `SELECT toUInt32(second) AS t, documents FROM (
  SELECT second, uniqExactMerge(documents_state) AS documents FROM ${db}.outcomes_per_second WHERE ${inWindow} GROUP BY second
) ORDER BY documents DESC, t LIMIT 1`,
    stages: `SELECT stage, uniqExactMerge(documents_state) AS documents,
  ${quantilesSql('duration_values_state', 2)} AS quantiles_ms,
  ${exactSumSql('duration_values_state', 2)} AS sum_ms, ${maxSql('duration_values_state', 2)} AS max_ms
FROM ${db}.stage_latency_per_second WHERE ${inWindow} GROUP BY stage ORDER BY stage`,
    redactions: `SELECT pii_type AS type, ${exactSumSql('findings_values_state', 2)} AS findings, uniqExactMerge(documents_state) AS documents
FROM ${db}.pii_findings_per_second WHERE ${inWindow} GROUP BY pii_type ORDER BY findings DESC, type`,
    slowest: `SELECT document_id, source, status, failure_reason, total_ms,
  queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, pages, size_bytes, completed_at_ms
FROM ${db}.document_outcomes FINAL WHERE ${between('completed_at', window)}
ORDER BY total_ms DESC, document_id LIMIT ${limit}`,
    deadLetters: `SELECT error_code, count() AS events
FROM ${db}.dead_letters FINAL WHERE ${between('last_failure_at', window)} GROUP BY error_code ORDER BY events DESC, error_code`
  }
}

export const statsQueryNames = ['totals', 'byStatus', 'byReason', 'bySource', 'series', 'peak', 'stages', 'redactions', 'slowest', 'deadLetters'] as const
export type StatsQueryName = typeof statsQueryNames[number]
