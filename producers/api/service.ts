// Starts the upload API: provisions topics, schemas and buckets, connects to Kafka, S3 and
// ClickHouse, builds the server (server.ts) and listens. Everything it opens, stop closes.
import type { Admin } from 'kafkajs'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { startConfiguredAdmission } from '../../lib/ingest/admission.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createLogger, redactLoggedErrors } from '../../lib/log.ts'
import { createMetricsRegistry } from '../../lib/metrics/server.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import type { RunningService, Service } from '../../lib/service.ts'
import { createAuthenticator } from './auth.ts'
import { assertSafeExposure } from './exposure.ts'
import type { ApiContext } from './context.ts'
import { createApiMetrics } from './metrics.ts'
import type { ApiOptions } from './options.ts'
import { buildApiServer } from './server.ts'

export interface RunningApi extends RunningService {
  url: string
  /** The API serves /metrics itself, so this is also metricsPort. */
  port: number
}

export async function startApi (options: ApiOptions): Promise<RunningApi> {
  const { config } = options
  // Before anything connects: a refused configuration must not leave clients open.
  assertSafeExposure(config)
  const log = createLogger('api', config.log.level)
  const codec = await provisionSluice(config)
  const callerStrings = await createCallerStrings(config.redaction)
  redactLoggedErrors(callerStrings.redact)
  const kafka = createKafka(config, 'api')
  const publisher = await createReceivedPublisher(config, kafka, codec)
  const s3 = createS3Client(config)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  const admin: Admin = createKafka(config, 'api-readiness').admin({ retry: { retries: 0 } })
  const metrics = createApiMetrics(createMetricsRegistry('api'))
  const admission = await startConfiguredAdmission(config, kafka, 'api', { registry: metrics.registry, log })
  const context: ApiContext = {
    config,
    s3,
    publisher,
    clickhouse,
    metrics,
    admission: admission.gate,
    authenticate: createAuthenticator(config.api.keys),
    log,
    callerStrings,
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
    await app.listen({ host: config.api.host, port: options.port })
  } catch (error) {
    await publisher.disconnect()
    await admission.close()
    await admin.disconnect()
    await clickhouse.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  log.info({ host: config.api.host, port }, 'upload API listening')
  return {
    url: `http://${config.api.host}:${port}`,
    port,
    metricsPort: port,
    stop: async () => {
      await app.close()
      await admission.close()
      await publisher.disconnect()
      await admin.disconnect()
      await clickhouse.close()
    }
  }
}

export const apiService: Service<ApiOptions, RunningApi> = { name: 'api', start: startApi }
