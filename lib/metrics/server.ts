import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Registry, collectDefaultMetrics } from 'prom-client'
import type { Readiness } from '../health/readiness.ts'
import { registerClientRequests } from './client-requests.ts'

/**
 * Each Sluice process owns one registry with the default process metrics (CPU, memory, event
 * loop lag), labelled with its component, so Prometheus can tell processes apart.
 * Metric names follow `sluice_<component>_<what>_<unit>` with base units (seconds, bytes).
 */
export function createMetricsRegistry (component: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ component })
  collectDefaultMetrics({ register: registry, prefix: 'sluice_' })
  registerClientRequests(registry)
  return registry
}

export interface MetricsServer {
  port: number
  close: () => Promise<void>
}

/**
 * Serves GET /metrics for processes without their own HTTP server (processor, sink, bridge) and,
 * given their readiness, the probes an orchestrator needs: GET /healthz (the process answers)
 * and GET /readyz (200 when every readiness check passes, else 503), shaped like the API's.
 */
export async function startMetricsServer (registry: Registry, port: number, host = '127.0.0.1', readiness?: Readiness): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = request.method === 'GET' ? request.url?.split('?')[0] : undefined
    if (path === '/metrics') {
      registry.metrics().then((body) => {
        response.writeHead(200, { 'content-type': registry.contentType }).end(body)
      }, (error: Error) => {
        response.writeHead(500).end(`metrics failed: ${error.message}\n`)
      })
    } else if (path === '/healthz' && readiness !== undefined) {
      sendJson(response, 200, { status: 'ok' })
    } else if (path === '/readyz' && readiness !== undefined) {
      readiness.report().then((report) => sendJson(response, report.status === 'ready' ? 200 : 503, report), (error: Error) => {
        sendJson(response, 500, { status: 'unavailable', error: error.message })
      })
    } else {
      response.writeHead(404).end(`not found: try GET /metrics${readiness !== undefined ? ', /healthz or /readyz' : ''}\n`)
    }
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

function sendJson (response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}
