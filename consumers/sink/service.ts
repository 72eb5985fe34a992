// Wires one sink process together: metrics, its topics, the lag exporter, the registry codec,
// ClickHouse and the batching consumer (sink.ts). `sluice sink` runs it (cli/run-service.ts).
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { ensureTopics, sluiceTopics } from '../../lib/kafka/topics.ts'
import { createLogger } from '../../lib/log.ts'
import { startConsumerLagExporter } from '../../lib/metrics/consumer-lag.ts'
import { clickHouseCheck } from '../../lib/health/dependencies.ts'
import { Readiness } from '../../lib/health/readiness.ts'
import { createMetricsRegistry, startMetricsServer } from '../../lib/metrics/server.ts'
import { createEventCodec } from '../../lib/registry/codec.ts'
import type { RunningService, Service } from '../../lib/service.ts'
import { createSinkMetrics } from './metrics.ts'
import type { SinkOptions } from './options.ts'
import { createSink } from './sink.ts'

export async function startSink (options: SinkOptions): Promise<RunningService> {
  const { config } = options
  const logger = createLogger('sink', config.log.level)
  const registry = createMetricsRegistry('sink')
  const metrics = createSinkMetrics(registry)
  const readiness = new Readiness(['kafka', 'clickhouse'])
  const metricsServer = await startMetricsServer(registry, options.metricsPort, config.metrics.host, readiness)
  const kafka = createKafka(config, 'sink')
  // The sink needs only Kafka, the registry and ClickHouse (not S3), so it provisions just its topics.
  const admin = kafka.admin()
  await admin.connect()
  const wanted = [config.kafka.topicProcessed, config.kafka.topicDeadLetter]
  const topics = sluiceTopics(config).filter((topic) => wanted.includes(topic.topic))
  // Other services create the same topics at start-up; losing that race is fine, so look again.
  await ensureTopics(admin, topics).catch(async () => ensureTopics(admin, topics))
  // The same admin keeps exporting the group's lag from broker offsets, so a stuck sink still shows it growing.
  const lag = startConsumerLagExporter({
    admin,
    groupId: config.sink.groupId,
    topics: wanted,
    registry,
    onError: (error) => logger.warn({ error: error.message }, 'consumer lag refresh failed')
  })
  const codec = await createEventCodec(config)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  readiness.set('clickhouse', clickHouseCheck(clickhouse))
  const sink = createSink({ config, kafka, clickhouse, decode: codec.decode, metrics, logger, readiness, onFatal: options.onFatal })
  // Applying migrations waits for ClickHouse as long as it takes, so it is not awaited here:
  // the process must stay stoppable (and its metrics scrapable) while ClickHouse is down.
  const started = sink.start()
  started.catch((error: unknown) => {
    logger.error({ error: (error as Error).message }, 'the sink could not start consuming')
    options.onFatal?.(error as Error)
  })
  return {
    metricsPort: metricsServer.port,
    stop: async () => {
      logger.info({ timeoutMs: config.sink.shutdownTimeoutMs }, 'stopping: writing buffered rows')
      await sink.stop()
      await started.catch(() => {})
      await clickhouse.close()
      lag.stop()
      await admin.disconnect()
      await metricsServer.close()
    }
  }
}

export const sinkService: Service<SinkOptions> = { name: 'sink', start: startSink }
