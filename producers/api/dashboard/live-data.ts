// What the live dashboard shows, as PromQL over the metrics documented in docs/metrics.md.
// Rates use a 1-minute window: at least four scrapes at the local stack's interval, so a
// single late scrape does not make docs/s drop to zero.
import { processorStages } from '../../../lib/stages.ts'
import type { PrometheusClient, Sample, Series } from './prometheus.ts'

/**
 * The page's PromQL. `instances` is a regex over the instance label (host:port of /metrics), so
 * one pipeline can be watched on a machine that runs several; it is validated by the caller.
 */
export function liveQueries (instances = '.+') {
  const only = `instance=~"${instances}"`
  return {
    docsPerSecondByDoor: `sum by (door) (rate(sluice_processor_documents_total{${only}}[1m]))`,
    docsPerSecondByStatus: `sum by (status) (rate(sluice_processor_documents_total{${only}}[1m]))`,
    lagByGroup: `sum by (group) (max by (group, topic, partition) (sluice_kafka_consumer_lag_messages{${only}}))`,
    stageLatency: (quantile: number) => `histogram_quantile(${quantile}, sum by (stage, le) (rate(sluice_processor_stage_duration_seconds_bucket{${only}}[5m])))`,
    failuresByReason: (windowSeconds: number) => `sum by (reason) (increase(sluice_processor_documents_total{status="failed",${only}}[${windowSeconds}s]))`,
    redactionsByType: (windowSeconds: number) => `sum by (type) (increase(sluice_processor_pii_findings_total{${only}}[${windowSeconds}s]))`,
    deadLettersPerSecond: `sum(rate(sluice_processor_dead_letters_total{${only}}[1m]))`
  }
}

export interface LiveData {
  generatedAt: number
  windowSeconds: number
  stepSeconds: number
  docsPerSecond: { current: number, byDoor: Array<{ door: string, points: Array<[number, number | null]> }> }
  processedPerSecond: number
  failedPerSecond: number
  deadLettersPerSecond: number
  lag: { total: number, byGroup: Array<{ group: string, messages: number }> }
  stageLatencySeconds: Array<{ stage: string, p50: number | null, p95: number | null, p99: number | null }>
  failuresByReason: Array<{ reason: string, documents: number }>
  redactionsByType: Array<{ type: string, findings: number }>
  /** Queries that failed; the rest of the page still renders. */
  errors: string[]
  /** False when every query failed: Prometheus itself is unreachable. */
  prometheusReachable: boolean
}

// The pipeline's order, so the table reads top to bottom like a document's journey.
const stageOrder: readonly string[] = processorStages
const stageRank = (stage: string): number => stageOrder.includes(stage) ? stageOrder.indexOf(stage) : stageOrder.length

const sum = (samples: Sample[]): number => samples.reduce((total, sample) => total + (sample.value ?? 0), 0)
const byValueDescending = <T extends Record<K, number>, K extends string>(key: K) => (a: T, b: T) => b[key] - a[key]

function lastValue (series: Series[]): number {
  return series.reduce((total, entry) => total + (entry.points.at(-1)?.[1] ?? 0), 0)
}

export async function collectLiveData (prometheus: PrometheusClient, windowSeconds = 600, stepSeconds = 5, now = Date.now(), instances?: string): Promise<LiveData> {
  const queries = liveQueries(instances)
  const end = Math.floor(now / 1000)
  const start = end - windowSeconds
  const errors: string[] = []
  const guard = async <T>(name: string, fallback: T, work: Promise<T>): Promise<T> => {
    try {
      return await work
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message}`)
      return fallback
    }
  }
  const results = [
    guard('docs/s by door', [], prometheus.range(queries.docsPerSecondByDoor, start, end, stepSeconds)),
    guard('docs/s by status', [], prometheus.instant(queries.docsPerSecondByStatus, end)),
    guard('lag', [], prometheus.instant(queries.lagByGroup, end)),
    guard('p50', [], prometheus.instant(queries.stageLatency(0.5), end)),
    guard('p95', [], prometheus.instant(queries.stageLatency(0.95), end)),
    guard('p99', [], prometheus.instant(queries.stageLatency(0.99), end)),
    guard('failures', [], prometheus.instant(queries.failuresByReason(windowSeconds), end)),
    guard('redactions', [], prometheus.instant(queries.redactionsByType(windowSeconds), end)),
    guard('dead letters', [], prometheus.instant(queries.deadLettersPerSecond, end))
  ] as const
  const [byDoor, byStatus, lag, p50, p95, p99, failures, redactions, deadLetters] = await Promise.all(results)
  const quantile = (samples: Sample[], stage: string) => samples.find((sample) => sample.labels.stage === stage)?.value ?? null
  const stages = [...new Set([...p50, ...p95, ...p99].map((sample) => sample.labels.stage ?? ''))]
    .filter((stage) => stage !== '')
    .sort((a, b) => stageRank(a) - stageRank(b))
  const status = (name: string) => sum(byStatus.filter((sample) => sample.labels.status === name))
  return {
    generatedAt: now,
    windowSeconds,
    stepSeconds,
    docsPerSecond: {
      current: lastValue(byDoor),
      byDoor: byDoor.map((series) => ({ door: series.labels.door ?? 'all', points: series.points }))
    },
    processedPerSecond: status('processed'),
    failedPerSecond: status('failed'),
    deadLettersPerSecond: sum(deadLetters),
    lag: {
      total: sum(lag),
      byGroup: lag.map((sample) => ({ group: sample.labels.group ?? '', messages: sample.value ?? 0 }))
    },
    stageLatencySeconds: stages.map((stage) => ({ stage, p50: quantile(p50, stage), p95: quantile(p95, stage), p99: quantile(p99, stage) })),
    failuresByReason: failures
      .map((sample) => ({ reason: sample.labels.reason ?? 'unknown', documents: Math.round(sample.value ?? 0) }))
      .filter((entry) => entry.documents > 0)
      .sort(byValueDescending('documents')),
    redactionsByType: redactions
      .map((sample) => ({ type: sample.labels.type ?? 'unknown', findings: Math.round(sample.value ?? 0) }))
      .filter((entry) => entry.findings > 0)
      .sort(byValueDescending('findings')),
    errors,
    prometheusReachable: errors.length < results.length
  }
}
