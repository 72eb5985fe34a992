// The one way to read the rollups (schemas/clickhouse/migrations/006_rollups_newest_version.sql).
// The sink inserts every delivery it receives without asking what is stored, so a document can
// sit in the rollups more than once: the same delivery twice (identical tuples, merged away), or
// several versions (processed again after a crash, replayed from the DLQ, an older event arriving
// late), possibly in other seconds, with another status, door or timings. Every reader therefore
// first keeps each document's newest version — the largest (version, ...) tuple, so a tie is
// settled the same way whatever the merge order — and counts, adds and estimates over those
// rows only. Portable: ClickHouse 18.16 and modern versions (no query parameters, no window
// functions). Grafana's dashboard spells these subqueries out literally
// (grafana/dashboards/clickhouse-analytics.json); test/unit/grafana/dashboard-rules.test.ts checks
// that its text is what these functions build for Grafana's macros.

/** Where a reader looks, as SQL text: built from epoch values (stats) or from Grafana macros. */
export interface WindowSql {
  /** A DateTime expression: the window's start. Rollups are scanned from here on, without an
   *  upper bound, so a newer version completed after the window still outranks an older one inside it. */
  from: string
  /** The condition that a DateTime column lies in the window. */
  within: (column: string) => string
}

/** One row per document whose newest version completed in the window: document (hash), version,
 *  completed (DateTime, the rollup's bucket), source, status, failure_reason, bytes, pages, chars. */
export function latestDocumentsSql (database: string, rollup: 'second' | 'minute', window: WindowSql): string {
  return `SELECT document, tupleElement(latest, 1) AS version, tupleElement(latest, 2) AS completed, tupleElement(latest, 3) AS source,
  tupleElement(latest, 4) AS status, tupleElement(latest, 5) AS failure_reason, tupleElement(latest, 6) AS bytes, tupleElement(latest, 7) AS pages, tupleElement(latest, 8) AS chars
FROM (SELECT tupleElement(entry, 1) AS document,
  max(tuple(tupleElement(entry, 2), bucket, source, status, failure_reason, tupleElement(entry, 3), tupleElement(entry, 4), tupleElement(entry, 5))) AS latest
FROM (SELECT ${rollup} AS bucket, source, status, failure_reason, groupUniqArrayMerge(document_versions_state) AS entries
FROM ${database}.outcomes_per_${rollup} WHERE ${rollup} >= ${window.from} GROUP BY ${rollup}, source, status, failure_reason)
ARRAY JOIN entries AS entry GROUP BY document)
WHERE ${window.within('completed')}`
}

/** (document, version) of the newest versions in the window, for `(document, version) IN (...)`. */
function newestVersionsSql (database: string, window: WindowSql, status?: 'processed'): string {
  return `SELECT document, version FROM (${latestDocumentsSql(database, 'second', window)})${status === undefined ? '' : ` WHERE status = '${status}'`}`
}

/** One row per stage and processed document (its newest version): stage, bucket (second), document, duration_ms. */
export function stageDurationsSql (database: string, window: WindowSql): string {
  return `SELECT stage, bucket, tupleElement(entry, 1) AS document, max(tupleElement(entry, 3)) AS duration_ms
FROM (SELECT second AS bucket, stage, groupUniqArrayMerge(duration_versions_state) AS entries
FROM ${database}.stage_latency_per_second WHERE ${window.within('second')} GROUP BY second, stage)
ARRAY JOIN entries AS entry
WHERE (tupleElement(entry, 1), tupleElement(entry, 2)) IN (${newestVersionsSql(database, window, 'processed')})
GROUP BY stage, bucket, document`
}

/** One row per PII type and document (its newest version): pii_type, document, findings. */
export function findingsSql (database: string, window: WindowSql): string {
  return `SELECT pii_type, tupleElement(entry, 1) AS document, max(tupleElement(entry, 3)) AS findings
FROM (SELECT pii_type, groupUniqArrayMerge(findings_versions_state) AS entries
FROM ${database}.pii_findings_per_second WHERE ${window.within('second')} GROUP BY pii_type)
ARRAY JOIN entries AS entry
WHERE (tupleElement(entry, 1), tupleElement(entry, 2)) IN (${newestVersionsSql(database, window)})
GROUP BY pii_type, document`
}

/** The raw row of each document's newest version in the window (document_outcomes, `columns`),
 *  slowest first. Same-version repeats differ only in the sink's insert stamp: LIMIT 1 BY keeps one. */
export function slowestDocumentsSql (database: string, window: WindowSql, columns: string, limit: string): string {
  return `SELECT ${columns}
FROM ${database}.document_outcomes
WHERE ${window.within('completed_at')} AND (cityHash64(document_id), version) IN (${newestVersionsSql(database, window)})
ORDER BY total_ms DESC, document_id LIMIT 1 BY document_id LIMIT ${limit}`
}
