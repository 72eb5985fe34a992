// Builds and starts the upload API: provisioning, clients, content-type parsers, error mapping,
// metrics hooks and the routes.
import multipart from '@fastify/multipart'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Admin } from 'kafkajs'
import { statsRoutes } from '../../lib/analytics/http.ts'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import type { Config } from '../../lib/config/index.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createLogger } from '../../lib/log.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { inputLimits } from '../../lib/ingest/limits.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { createAuthenticator } from './auth.ts'
import { dashboardRoutes } from './dashboard/plugin.ts'
import { assertSafeExposure } from './exposure.ts'
import type { ApiContext } from './context.ts'
import { errorBody, toApiError } from './errors.ts'
import { createApiMetrics } from './metrics.ts'
import { documentRoutes } from './routes/documents.ts'
import { healthRoutes } from './routes/health.ts'

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
    if (apiError.status >= 500) request.log.error({ code: apiError.code, error: (apiError.cause as Error | undefined)?.message ?? (error as Error).message }, 'request failed')
    // The rest of an oversized or rejected body is not read: close instead of draining it.
    if (apiError.status === 413 || apiError.status === 422) reply.header('connection', 'close')
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

export interface RunningApi {
  url: string
  port: number
  close: () => Promise<void>
}

/** Provisions topics, schemas and buckets, connects to Kafka and S3 and listens. */
export async function startApi (config: Config, options: { port?: number } = {}): Promise<RunningApi> {
  assertSafeExposure(config)
  const log = createLogger('api', config.log.level)
  const codec = await provisionSluice(config)
  const kafka = createKafka(config, 'api')
  const publisher = await createReceivedPublisher(config, kafka, codec)
  const s3 = createS3Client(config)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  const admin: Admin = createKafka(config, 'api-readiness').admin({ retry: { retries: 0 } })
  const context: ApiContext = {
    config,
    s3,
    publisher,
    clickhouse,
    metrics: createApiMetrics(),
    authenticate: createAuthenticator(config.api.keys),
    log,
    probes: {
      kafka: async () => {
        await admin.connect()
        await admin.fetchTopicMetadata({ topics: [config.kafka.topicReceived] })
      },
      s3: async () => {
        if (!await s3.bucketExists(config.s3.inboxBucket)) throw new Error(`bucket ${config.s3.inboxBucket} is missing`)
      },
      registry: async () => {
        const response = await fetch(`${config.registry.url}/subjects`, { signal: AbortSignal.timeout(3000) })
        if (!response.ok) throw new Error(`registry answered ${response.status}`)
      }
    }
  }
  const app = await buildApiServer(context)
  try {
    await app.listen({ host: config.api.host, port: options.port ?? config.api.port })
  } catch (error) {
    await publisher.disconnect()
    await admin.disconnect()
    await clickhouse.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.api.port
  log.info({ host: config.api.host, port }, 'upload API listening')
  return {
    url: `http://${config.api.host}:${port}`,
    port,
    close: async () => {
      await app.close()
      await publisher.disconnect()
      await admin.disconnect()
      await clickhouse.close()
    }
  }
}
