// Builds the upload API's fastify server: content-type parsers, error mapping, metrics hooks and
// the routes. service.ts provides the clients and starts it.
import multipart from '@fastify/multipart'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { inputLimits } from '../../lib/ingest/limits.ts'
import { dashboardRoutes } from './dashboard/plugin.ts'
import type { ApiContext } from './context.ts'
import { errorBody, toApiError } from './errors.ts'
import { documentRoutes } from './routes/documents.ts'
import { healthRoutes } from './routes/health.ts'
import { statsRoutes } from './routes/stats.ts'

export async function buildApiServer (context: ApiContext): Promise<FastifyInstance> {
  const { config, metrics } = context
  const app = Fastify({
    loggerInstance: context.log as FastifyBaseLogger,
    // Per-request log lines would cost more than an upload on the hot path; metrics count requests.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true
  })
  // Only the documented body types are parsed; the raw PDF body is handed over as a stream.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/pdf', 'application/octet-stream'], (_request, payload, done) => done(null, payload))
  await app.register(multipart, {
    // File names are checked as sent (lib/ingest/limits.ts), not silently cut down to a base name.
    preservePath: true,
    limits: {
      fileSize: config.api.maxUploadBytes + 1,
      files: config.api.maxFilesPerRequest,
      fields: inputLimits.fields,
      // One byte past each limit, so a value over it arrives marked as cut and is refused.
      fieldSize: inputLimits.fieldValueBytes + 1,
      fieldNameSize: inputLimits.fieldNameBytes + 1,
      parts: config.api.maxFilesPerRequest + inputLimits.fields
    }
  })

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error)
    metrics.failures.inc({ reason: apiError.code })
    if (apiError.status >= 500) request.log.error({ code: apiError.code, error: apiError.cause ?? error }, 'request failed')
    // The rest of an oversized, rejected or refused body is not read: close instead of draining it.
    if (apiError.status === 413 || apiError.status === 422 || apiError.status === 429) reply.header('connection', 'close')
    if (apiError.retryAfterSeconds !== undefined) reply.header('retry-after', String(apiError.retryAfterSeconds))
    return reply.code(apiError.status).send(errorBody(apiError))
  })
  app.setNotFoundHandler((_request, reply) => {
    const apiError = toApiError({ statusCode: 404 })
    metrics.failures.inc({ reason: apiError.code })
    return reply.code(apiError.status).send(errorBody(apiError))
  })
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) })
    metrics.requestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000)
  })

  healthRoutes(app, context)
  documentRoutes(app, context)
  await app.register(dashboardRoutes, { prometheusUrl: config.prometheus.url, authenticate: context.authenticate })
  // The stats name documents' object keys, so they need an API key like the documents routes.
  await app.register(async (statsScope) => {
    statsScope.addHook('onRequest', async (request) => { context.authenticate(request.headers.authorization) })
    await statsScope.register(statsRoutes, { clickhouse: context.clickhouse, database: config.clickhouse.database })
  })
  return app
}
