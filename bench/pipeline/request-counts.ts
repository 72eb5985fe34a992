// Requests every service of a phase sent to Kafka, S3 and ClickHouse (their
// sluice_client_requests_total counters, lib/metrics/client-requests.ts), read from each
// service's /metrics before and after the phase, so the report can give round trips per document.
import { Registry } from 'prom-client'
import { clientRequestsMetricName, registerClientRequests } from '../../lib/metrics/client-requests.ts'

export interface RequestCount { component: string, system: string, operation: string, count: number }

/** Where the phase's services serve /metrics: ports from the phase's environment. */
export interface RequestCountSources { api: number, bridge: number, sink: number, processorFirstPort: number, processors: number }

/** Processors take the next free port when theirs is taken, so a few ports past the last are looked at too. */
const spareProcessorPorts = 4

export async function readRequestCounts (sources: RequestCountSources): Promise<RequestCount[]> {
  const ports = [sources.api, sources.bridge, sources.sink, ...Array.from({ length: sources.processors + spareProcessorPorts }, (_, index) => sources.processorFirstPort + index)]
  const texts = await Promise.all(ports.map(async (port) => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })
      return response.ok ? await response.text() : ''
    } catch {
      return ''
    }
  }))
  return [...texts.flatMap(parseRequestCounts), ...await ownRequestCounts()]
}

/** This process (the load generator: the topic and bucket doors, plus its lag sampling and polling). */
async function ownRequestCounts (): Promise<RequestCount[]> {
  const registry = new Registry()
  registerClientRequests(registry)
  return parseRequestCounts(await registry.metrics()).map((entry) => ({ ...entry, component: 'load generator' }))
}

export function parseRequestCounts (text: string): RequestCount[] {
  const counts: RequestCount[] = []
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line)
    if (match === null || match[1] !== clientRequestsMetricName) continue
    const labels = new Map([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]))
    counts.push({ component: labels.get('component') ?? 'unknown', system: labels.get('system') ?? 'unknown', operation: labels.get('operation') ?? 'unknown', count: Number(match[3]) })
  }
  return counts
}

/** After minus before, summed over processes of the same component; only what grew. */
export function requestDelta (before: RequestCount[], after: RequestCount[]): RequestCount[] {
  const key = (entry: RequestCount): string => `${entry.component}\u0000${entry.system}\u0000${entry.operation}`
  const totals = new Map<string, RequestCount>()
  for (const [sign, entries] of [[-1, before], [1, after]] as const) {
    for (const entry of entries) {
      const existing = totals.get(key(entry)) ?? { ...entry, count: 0 }
      existing.count += sign * entry.count
      totals.set(key(entry), existing)
    }
  }
  return [...totals.values()].filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count || key(a).localeCompare(key(b)))
}
