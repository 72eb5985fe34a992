import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Each Sluice process owns one registry with the default process metrics (CPU, memory, event
 * loop lag), labelled with its component, so Prometheus can tell processes apart.
 * Metric names follow `sluice_<component>_<what>_<unit>` with base units (seconds, bytes).
 */
export function createMetricsRegistry (component: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ component })
  collectDefaultMetrics({ register: registry, prefix: 'sluice_' })
  return registry
}

export interface MetricsServer {
  port: number
  close: () => Promise<void>
}

/** Serves GET /metrics for processes without their own HTTP server (processor, sink, bridge). */
export async function startMetricsServer (registry: Registry, port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end('not found: try GET /metrics\n')
      return
    }
    registry.metrics().then((body) => {
      response.writeHead(200, { 'content-type': registry.contentType }).end(body)
    }, (error: Error) => {
      response.writeHead(500).end(`metrics failed: ${error.message}\n`)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
