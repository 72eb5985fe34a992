// Wires one processor process together: provisioning, the worker pool, metrics, the Kafka
// producer and the consumer group. `sluice processor` runs it (cli/run-service.ts).
import os from 'node:os'
import { createExtractionPool } from '../../lib/extraction/pool.ts'
import { s3BucketCheck } from '../../lib/health/dependencies.ts'
import { Readiness } from '../../lib/health/readiness.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createLogger, redactLoggedErrors } from '../../lib/log.ts'
import { startConsumerLagExporter } from '../../lib/metrics/consumer-lag.ts'
import { createMetricsRegistry } from '../../lib/metrics/server.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { loadRules } from '../../lib/redaction/index.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import type { RunningService, Service } from '../../lib/service.ts'
import { startConsumer } from './consumer.ts'
import { createProcessorMetrics, startProcessorMetricsServer } from './metrics.ts'
import type { ProcessorOptions } from './options.ts'
import { OutcomePublisher } from './outcome-publisher.ts'
import { handleMessage, type PipelineContext } from './pipeline.ts'

// Measured with bench/processor-steady.ts (docs/processor.md): how long an outcome waits for
// others to share its produce request, and how many share one at most.
const publishLingerMs = 50
const publishMaxBatch = 64

export async function startProcessor (options: ProcessorOptions): Promise<RunningService> {
  const { config } = options
  const log = createLogger('processor', config.log.level)
  const host = `${os.hostname()}:${process.pid}`
  // A bad rules file must stop start-up with RULES_INVALID, not make every worker thread fail to load.
  if (config.redaction.rulesFile !== '') await loadRules(config.redaction.rulesFile)
  const codec = await provisionSluice(config)
  // Released in reverse order on stop, or as far as start-up got if a later step fails.
  const cleanups: Array<() => Promise<void>> = []
  const release = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => log.warn({ error: error.message }, 'cleanup step failed'))
  }
  try {
    const pool = createExtractionPool({
      threads: options.workers,
      timeoutMs: config.processor.documentTimeoutMs,
      memoryBudgetBytes: config.processor.documentMemoryBytes,
      redaction: { threshold: config.redaction.threshold, hmacKey: config.redaction.hmacKey, rulesFile: config.redaction.rulesFile }
    })
    cleanups.push(async () => pool.close())
    await pool.warmUp()
    const registry = createMetricsRegistry('processor')
    const metrics = createProcessorMetrics(registry, pool)
    const readiness = new Readiness(['kafka', 's3'])
    const metricsServer = await startProcessorMetricsServer(registry, options.metricsPort, config.metrics.host, readiness)
    cleanups.push(async () => metricsServer.close())
    const kafka = createKafka(config, 'processor')
    const producer = kafka.producer()
    await producer.connect()
    cleanups.push(async () => producer.disconnect())
    // Lag comes from broker offsets, not from the consumer's own view, so it keeps growing on the
    // dashboards and alerts even when every processor is stuck or gone.
    const lagAdmin = kafka.admin()
    await lagAdmin.connect()
    cleanups.push(async () => lagAdmin.disconnect())
    const lag = startConsumerLagExporter({
      admin: lagAdmin,
      groupId: config.processor.groupId,
      topics: [config.kafka.topicReceived],
      registry,
      onError: (error) => log.warn({ error: error.message }, 'consumer lag refresh failed')
    })
    cleanups.push(async () => lag.stop())
    const callerStrings = await createCallerStrings(config.redaction)
    redactLoggedErrors(callerStrings.redact)
    const outcomes = new OutcomePublisher({ producer, topic: config.kafka.topicProcessed, lingerMs: publishLingerMs, maxBatch: publishMaxBatch })
    const context: PipelineContext = { config, s3: createS3Client(config), producer, outcomes, codec, pool, metrics, log, callerStrings, host }
    readiness.set('s3', s3BucketCheck(context.s3, config.s3.resultsBucket))
    const consumer = await startConsumer({
      kafka,
      groupId: config.processor.groupId,
      sessionTimeoutMs: config.processor.sessionTimeoutMs,
      topic: config.kafka.topicReceived,
      concurrency: options.concurrency,
      // Enough documents in flight that the next one is fetched while the threads are busy.
      admission: options.workers * 2,
      handle: async (topic, partition, message, shutdown, releaseAdmission) => handleMessage(context, topic, partition, message, shutdown, releaseAdmission),
      log,
      onFatal: (error) => options.onFatal?.(error),
      readiness
    })
    // Stopping the consumer first drains in-flight documents while the producer and pool still work.
    cleanups.push(async () => consumer.stop())
    log.info({ workers: options.workers, concurrency: options.concurrency, group: config.processor.groupId, topic: config.kafka.topicReceived, metricsPort: metricsServer.port, host }, 'processor started')
    return {
      metricsPort: metricsServer.port,
      stop: async () => {
        await release()
        log.info('processor stopped')
      }
    }
  } catch (error) {
    await release()
    throw error
  }
}

export const processorService: Service<ProcessorOptions> = { name: 'processor', start: startProcessor }
