// Runs the stats queries and shapes one report, the same for the CLI (text or --json) and
// for GET /v1/stats.
//
// Throughput, precisely: docsPerSecond = distinct documents whose outcome (processed or failed)
// was completed — result stored or failure decided, the event's completedAt — inside the
// window [from, to), divided by the window length in seconds. The series gives the same
// quantity per second (or per minute for windows over an hour); the peak is the busiest
// single second in the window.
import type { ClickHouse } from '../clickhouse/client.ts'
import { SluiceError } from '../errors.ts'
import { stages as stageOrder, type Stage } from '../stages.ts'
import { statsQueries, type QueryOptions, type SeriesStep, type StatsQueryName } from './queries.ts'
import type { StatsWindow } from './window.ts'

export const throughputDefinition = 'distinct documents completed (processed or failed, by completedAt) in [from, to) divided by the window length in seconds'

/** Series resolution: per second up to an hour, per minute up to two days, per hour beyond. */
export function seriesStepFor (windowSeconds: number): SeriesStep {
  if (windowSeconds <= 3600) return 1
  return windowSeconds <= 2 * 86_400 ? 60 : 3600
}

export const stageLabels: Record<Stage, string> = {
  queue: 'Queue wait',
  fetch: 'Fetch',
  extract: 'Extraction',
  redact: 'Redaction',
  store: 'Store',
  publish: 'Publish',
  insert: 'Insert',
  total: 'End to end'
}

export interface StageLatency {
  stage: Stage
  label: string
  documents: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  avgMs: number
  maxMs: number
}

export interface StatsReport {
  window: { from: string, to: string, seconds: number }
  documents: { completed: number, processed: number, failed: number, bytes: number, pages: number, chars: number }
  failuresByReason: Array<{ reason: string, documents: number }>
  bySource: Array<{ source: string, processed: number, failed: number }>
  throughput: {
    definition: string
    docsPerSecond: number
    peak: { docsPerSecond: number, at: string } | null
    series: { stepSeconds: number, points: Array<{ at: string, docsPerSecond: number }> }
  }
  /** received → completed, for processed documents. */
  endToEnd: StageLatency | null
  /** queue, fetch, extract, redact, store, publish, insert; processed documents only. */
  stages: StageLatency[]
  redactions: Array<{ type: string, findings: number, documents: number }>
  slowest: Array<{
    documentId: string
    source: string
    status: string
    failureReason: string
    completedAt: string
    pages: number
    sizeBytes: number
    totalMs: number
    stagesMs: { queue: number, fetch: number, extract: number, redact: number, store: number }
  }>
  deadLetters: { events: number, byErrorCode: Array<{ errorCode: string, events: number }> }
}

type Row = Record<string, unknown>

/** 18.16 returns 64-bit integers as JSON strings; modern engines as numbers. */
function num (value: unknown): number {
  const parsed = Number(value ?? 0)
  return Number.isFinite(parsed) ? parsed : 0
}

function round (value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

function iso (epochMs: number): string {
  return new Date(epochMs).toISOString()
}

function stageLatency (row: Row): StageLatency {
  const stage = String(row.stage) as Stage
  const quantiles = Array.isArray(row.quantiles_ms) ? row.quantiles_ms.map(num) : []
  const documents = num(row.documents)
  return {
    stage,
    label: stageLabels[stage] ?? stage,
    documents,
    p50Ms: round(quantiles[0] ?? 0),
    p95Ms: round(quantiles[1] ?? 0),
    p99Ms: round(quantiles[2] ?? 0),
    avgMs: round(documents === 0 ? 0 : num(row.sum_ms) / documents),
    maxMs: round(num(row.max_ms))
  }
}

export interface CollectOptions {
  slowest?: number
}

export async function collectStats (clickhouse: ClickHouse, database: string, window: StatsWindow, options: CollectOptions = {}): Promise<StatsReport> {
  const seconds = (window.toMs - window.fromMs) / 1000
  const queryOptions: QueryOptions = { slowest: options.slowest ?? 10, seriesStepSeconds: seriesStepFor(seconds) }
  const sql = statsQueries(database, window, queryOptions)
  const names = Object.keys(sql) as StatsQueryName[]
  const results = await Promise.all(names.map(async (name) => clickhouse.select<Row>(sql[name]))).catch((error: unknown) => {
    // 18.16 says "Code: 60/81", modern servers name the error; both mean `sluice migrate` never ran here.
    if (/Code: (60|81)\b|UNKNOWN_TABLE|UNKNOWN_DATABASE/.test((error as Error).message)) {
      throw new SluiceError('CLICKHOUSE_SCHEMA_MISSING', `the Sluice tables are missing in ClickHouse database "${database}"`, {
        hint: 'Run `sluice migrate` (the sink also applies migrations when it starts), or check SLUICE_CLICKHOUSE_DATABASE.',
        cause: error
      })
    }
    throw error
  })
  const rows = Object.fromEntries(names.map((name, index) => [name, results[index] ?? []])) as Record<StatsQueryName, Row[]>

  // One row per (source, status, reason), each document counted once under its newest outcome.
  let completed = 0
  let bytes = 0
  let pages = 0
  let chars = 0
  const byStatus = new Map<string, number>()
  const byReason = new Map<string, number>()
  const sources = new Map<string, { source: string, processed: number, failed: number }>()
  for (const row of rows.outcomes) {
    const documents = num(row.documents)
    completed += documents
    bytes += num(row.bytes)
    pages += num(row.pages)
    chars += num(row.chars)
    const status = String(row.status)
    byStatus.set(status, (byStatus.get(status) ?? 0) + documents)
    if (status === 'failed') byReason.set(String(row.reason), (byReason.get(String(row.reason)) ?? 0) + documents)
    const source = String(row.source)
    const entry = sources.get(source) ?? { source, processed: 0, failed: 0 }
    if (status === 'processed') entry.processed += documents
    else entry.failed += documents
    sources.set(source, entry)
  }

  const step = queryOptions.seriesStepSeconds
  const byTime = new Map(rows.series.map((row) => [num(row.t), num(row.documents)]))
  const points: StatsReport['throughput']['series']['points'] = []
  const firstPoint = Math.floor(window.fromMs / 1000 / step) * step
  for (let t = firstPoint; t < window.toMs / 1000; t += step) {
    points.push({ at: iso(t * 1000), docsPerSecond: round((byTime.get(t) ?? 0) / step, 3) })
  }

  const peakRow = rows.peak[0]
  const stages = rows.stages.map(stageLatency).sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage))

  return {
    window: { from: iso(window.fromMs), to: iso(window.toMs), seconds },
    documents: {
      completed,
      processed: byStatus.get('processed') ?? 0,
      failed: byStatus.get('failed') ?? 0,
      bytes,
      pages,
      chars
    },
    failuresByReason: [...byReason].map(([reason, documents]) => ({ reason, documents })).sort((a, b) => b.documents - a.documents || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)),
    bySource: [...sources.values()],
    throughput: {
      definition: throughputDefinition,
      docsPerSecond: round(completed / seconds, 3),
      peak: peakRow === undefined || num(peakRow.documents) === 0 ? null : { docsPerSecond: num(peakRow.documents), at: iso(num(peakRow.t) * 1000) },
      series: { stepSeconds: step, points }
    },
    endToEnd: stages.find((stage) => stage.stage === 'total') ?? null,
    stages: stages.filter((stage) => stage.stage !== 'total'),
    redactions: rows.redactions.map((row) => ({ type: String(row.type), findings: num(row.findings), documents: num(row.documents) })),
    slowest: rows.slowest.map((row) => ({
      documentId: String(row.document_id),
      source: String(row.source),
      status: String(row.status),
      failureReason: String(row.failure_reason),
      completedAt: iso(num(row.completed_at_ms)),
      pages: num(row.pages),
      sizeBytes: num(row.size_bytes),
      totalMs: round(num(row.total_ms)),
      stagesMs: {
        queue: round(num(row.queue_ms)),
        fetch: round(num(row.fetch_ms)),
        extract: round(num(row.extract_ms)),
        redact: round(num(row.redact_ms)),
        store: round(num(row.store_ms))
      }
    })),
    deadLetters: {
      events: rows.deadLetters.reduce((sum, row) => sum + num(row.events), 0),
      byErrorCode: rows.deadLetters.map((row) => ({ errorCode: String(row.error_code), events: num(row.events) }))
    }
  }
}
