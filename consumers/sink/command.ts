// `sluice sink`: streams processed-document and dead-letter events into ClickHouse until
// SIGTERM/SIGINT, then writes and commits what it holds and leaves the consumer group.
import { exitCodes, type Command } from '../../lib/cli/command.ts'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createLogger } from '../../lib/log.ts'
import { startConsumerLagExporter } from '../../lib/metrics/consumer-lag.ts'
import { registerScrapeTarget } from '../../lib/metrics/scrape-target.ts'
import { clickHouseCheck } from '../../lib/health/dependencies.ts'
import { Readiness } from '../../lib/health/readiness.ts'
import { createMetricsRegistry, startMetricsServer } from '../../lib/metrics/server.ts'
import { ensureTopics, sluiceTopics } from '../../lib/kafka/topics.ts'
import { createEventCodec } from '../../lib/registry/codec.ts'
import { createSinkMetrics } from './metrics.ts'
import { createSink } from './sink.ts'

export const sinkCommand: Command = {
  name: 'sink',
  summary: 'Stream processed-document and dead-letter events into ClickHouse in batches',
  usage: 'sluice sink',
  details: [
    'Applies the ClickHouse migrations, then joins the consumer group SLUICE_SINK_GROUP on',
    'SLUICE_TOPIC_PROCESSED and SLUICE_TOPIC_DLQ. Rows are inserted every SLUICE_SINK_BATCH_ROWS rows or',
    'SLUICE_SINK_BATCH_INTERVAL, whichever comes first; offsets are committed only after ClickHouse',
    'accepted the batch. While ClickHouse is down, fetching pauses and the batch is retried with backoff.',
    'Prometheus metrics (sluice_sink_*) on SLUICE_METRICS_SINK_PORT. See docs/analytics.md.'
  ].join('\n'),
  options: {},
  run: async () => {
    const config = loadConfig()
    const logger = createLogger('sink')
    let fatal: Error | undefined
    let wake: () => void = () => {}
    const stopRequested = new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'))
      process.once('SIGINT', () => resolve('SIGINT'))
      wake = () => resolve('fatal')
    })
    const registry = createMetricsRegistry('sink')
    const metrics = createSinkMetrics(registry)
    const readiness = new Readiness(['kafka', 'clickhouse'])
    const metricsServer = await startMetricsServer(registry, config.metrics.sinkPort, config.metrics.host, readiness)
    const unregisterScrapeTarget = await registerScrapeTarget({ job: 'sluice-sink', port: metricsServer.port }, config.stack.home)
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
    const sink = createSink({
      config,
      kafka,
      clickhouse,
      decode: codec.decode,
      metrics,
      logger,
      readiness,
      onFatal: (error) => {
        fatal = error
        wake()
      }
    })
    const started = sink.start()
    const reason = await Promise.race([stopRequested, started.then(async () => await stopRequested)])
    logger.info({ reason, timeoutMs: config.sink.shutdownTimeoutMs }, 'stopping: writing buffered rows')
    await sink.stop()
    await started.catch(() => {})
    await clickhouse.close()
    lag.stop()
    await admin.disconnect()
    await unregisterScrapeTarget()
    await metricsServer.close()
    if (fatal !== undefined) {
      throw new SluiceError('SERVICE_UNAVAILABLE', `the Kafka consumer stopped for good: ${fatal.message}`, { hint: 'Check the broker and start the sink again; uncommitted events are redelivered.' })
    }
    return exitCodes.ok
  }
}
