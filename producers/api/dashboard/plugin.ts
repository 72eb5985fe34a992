// The built-in live dashboard: GET /dashboard serves a self-contained page (no CDN, no
// Grafana) that polls GET /v1/dashboard/data, which asks Prometheus for the pipeline's numbers.
// The page shows aggregates only (rates, counts per label), never document data. The page and
// its script are static and public; the data needs an API key like every /v1 route. A browser
// cannot send a header on navigation, so the page takes the key from the URL fragment
// (/dashboard#key=...), which never reaches the server or its logs, and sends it as a Bearer token.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import type { Authenticate } from '../auth.ts'
import { collectLiveData } from './live-data.ts'
import { createPrometheusClient } from './prometheus.ts'

export interface DashboardOptions {
  /** Base URL of the Prometheus that scrapes the pipeline (config `prometheus.url`). */
  prometheusUrl: string
  /** How far back the docs/s chart reaches. */
  windowSeconds?: number
  /** Regex over the instance label to watch some processes only; default all. */
  instances?: string
  /** The API's key check; the data route answers 401 without a known key. */
  authenticate: Authenticate
}

const page = readFileSync(join(import.meta.dirname, 'page.html'), 'utf8')
const script = readFileSync(join(import.meta.dirname, 'page.js'), 'utf8')

export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const prometheus = createPrometheusClient(options.prometheusUrl)
  const windowSeconds = options.windowSeconds ?? 600
  // Goes into a PromQL string literal: refuse anything that could close it.
  if (options.instances !== undefined && !/^[A-Za-z0-9_.:|()*+?[\]^$-]+$/.test(options.instances)) {
    throw new Error(`dashboard instances filter must be a plain regex of host:port names, got "${options.instances}"`)
  }

  app.get('/dashboard', async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page)
  })
  app.get('/dashboard/page.js', async (_request, reply) => {
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(script)
  })
  app.get('/v1/dashboard/data', async (request, reply) => {
    options.authenticate(request.headers.authorization)
    const data = await collectLiveData(prometheus, windowSeconds, 5, Date.now(), options.instances)
    return reply.code(data.prometheusReachable ? 200 : 503).header('cache-control', 'no-store').send(data)
  })
}
