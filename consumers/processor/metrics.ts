// The processor's Prometheus metrics. Labels are bounded sets (status, reason, stage, PII
// type, error code), never document ids, so the series count stays fixed however many
// documents flow through.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { Readiness } from '../../lib/health/readiness.ts'
import { startMetricsServer, type MetricsServer } from '../../lib/metrics/server.ts'
import { processorStages } from '../../lib/stages.ts'
import type { ExtractionPool } from '../../lib/extraction/pool.ts'

export interface ProcessorMetrics {
  documents: Counter<'door' | 'status' | 'reason'>
  stageSeconds: Histogram<'stage'>
  pages: Counter
  piiFindings: Counter<'type'>
  inFlight: Gauge
  retries: Counter<'stage'>
  paused: Gauge<'stage'>
  deadLetters: Counter<'code'>
  withdrawn: Counter<'door'>
  poolGauges: Gauge[]
}

export function createProcessorMetrics (registry: Registry, pool: ExtractionPool): ProcessorMetrics {
  const registers = [registry]
  // Sampled from the pool at scrape time, so they cost nothing per document.
  const poolGauges = [new Gauge({
    name: 'sluice_processor_worker_pool_threads',
    help: 'Worker threads in the extraction/redaction pool',
    registers,
    collect () { this.set(pool.threads) }
  }), new Gauge({
    name: 'sluice_processor_worker_pool_busy_threads',
    help: 'Worker threads processing a document right now',
    registers,
    collect () { this.set(pool.busy) }
  }), new Gauge({
    name: 'sluice_processor_worker_pool_utilization_ratio',
    help: 'Busy threads divided by threads, sampled at scrape time',
    registers,
    collect () { this.set(pool.busy / pool.threads) }
  }), new Gauge({
    name: 'sluice_processor_worker_pool_waiting_documents',
    help: 'Documents fetched and waiting for a free worker thread',
    registers,
    collect () { this.set(pool.waiting) }
  })]
  return {
    poolGauges,
    documents: new Counter({ name: 'sluice_processor_documents_total', help: 'Documents finished, by entry door (api, bucket, topic), status (processed, failed) and failure reason (none when processed)', labelNames: ['door', 'status', 'reason'], registers }),
    stageSeconds: new Histogram({
      name: 'sluice_processor_stage_duration_seconds',
      help: `Time per processing stage: ${processorStages.join(', ')}`,
      labelNames: ['stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers
    }),
    pages: new Counter({ name: 'sluice_processor_pages_total', help: 'Pages extracted from processed documents', registers }),
    piiFindings: new Counter({ name: 'sluice_processor_pii_findings_total', help: 'Redacted findings by PII type', labelNames: ['type'], registers }),
    inFlight: new Gauge({ name: 'sluice_processor_in_flight_documents', help: 'Documents between fetch and acknowledged publish', registers }),
    retries: new Counter({ name: 'sluice_processor_retries_total', help: 'Retries after transient errors, by stage (fetch, store, publish, decode)', labelNames: ['stage'], registers }),
    paused: new Gauge({ name: 'sluice_processor_paused_documents', help: 'Documents paused by a dependency outage and retrying with backoff, by the stage that waits (decode, fetch, store, publish)', labelNames: ['stage'], registers }),
    deadLetters: new Counter({ name: 'sluice_processor_dead_letters_total', help: 'Events sent to the dead-letter topic, by error code', labelNames: ['code'], registers }),
    withdrawn: new Counter({ name: 'sluice_processor_withdrawn_events_total', help: 'Events dropped without an outcome because their door refused the document (object gone, withdrawal marker present), by door', labelNames: ['door'], registers })
  }
}

/**
 * Serves /metrics on the first free port from `firstPort`, so several processors can run on
 * one machine (each takes the next port; Prometheus scrapes the range).
 */
export async function startProcessorMetricsServer (registry: Registry, firstPort: number, host: string, readiness?: Readiness, portsToTry = 20): Promise<MetricsServer> {
  let lastError: unknown
  for (let port = firstPort; port < firstPort + portsToTry && port <= 65535; port++) {
    try {
      return await startMetricsServer(registry, port, host, readiness)
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error
      lastError = error
    }
  }
  throw lastError
}
