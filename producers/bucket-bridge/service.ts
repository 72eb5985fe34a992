// The bucket bridge: reads the object store's notifications, HEADs each created object in the
// inbox bucket and publishes its DocumentReceived event (source `bucket`). Offsets are committed
// only after Kafka acknowledged the events of the batch, so a crash re-reads, never loses.
import type { Client } from 'minio'
import pMap from 'p-map'
import type { Config } from '../../lib/config/index.ts'
import type { DocumentReceived } from '../../lib/events/types.ts'
import { startConfiguredAdmission } from '../../lib/ingest/admission.ts'
import { isUsableObjectKey } from '../../lib/ingest/limits.ts'
import { isReservedKey } from '../../lib/ingest/object-keys.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createLogger, type Logger, redactLoggedErrors } from '../../lib/log.ts'
import { createMetricsRegistry, startMetricsServer } from '../../lib/metrics/server.ts'
import { createCallerStrings, type CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { consumerGroupCheck } from '../../lib/health/consumer-group.ts'
import { s3BucketCheck } from '../../lib/health/dependencies.ts'
import { Readiness } from '../../lib/health/readiness.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import type { RunningService, Service } from '../../lib/service.ts'
import { createBridgeMetrics, type BridgeMetrics } from './metrics.ts'
import type { BridgeOptions } from './options.ts'
import { parseNotification, UndecodableNotification, type CreatedObject } from './notifications.ts'
import { bucketDocumentEvent, headFirstExisting } from './object-event.ts'
import { RecentIds } from './recent-ids.ts'
import { startPeriodicRescan } from './periodic-rescan.ts'

export interface RunningBridge extends RunningService {
  metrics: BridgeMetrics
}

const headConcurrency = 8
/**
 * The S3 server notifies for every write, including the doors' own uploads and the processor's
 * result objects, so most batches carry nothing to publish. Their offsets are committed at most
 * this often instead of once per batch (the bench counted 1.85 commits per document): after a
 * crash they are read and dropped again, which costs nothing.
 */
const dropOnlyCommitIntervalMs = 5000

export async function startBridge (options: BridgeOptions): Promise<RunningBridge> {
  const { config } = options
  const log = createLogger('bridge', config.log.level)
  const codec = await provisionSluice(config)
  const callerStrings = await createCallerStrings(config.redaction)
  redactLoggedErrors(callerStrings.redact)
  const kafka = createKafka(config, 'bridge')
  const registry = createMetricsRegistry('bridge')
  const metrics = createBridgeMetrics(registry)
  // Before any Kafka connection, so a taken port fails fast without leaving clients open.
  const readiness = new Readiness(['kafka', 's3'])
  const metricsServer = await startMetricsServer(registry, options.metricsPort, config.metrics.host, readiness)
  const publisher = await createReceivedPublisher(config, kafka, codec).catch(async (error: unknown) => {
    await metricsServer.close()
    throw error
  })
  const s3 = createS3Client(config)
  const recent = new RecentIds(10_000)
  // A fetch waits up to 250 ms for 32 KiB of notifications (about forty) instead of returning each
  // one alone: the bench counted 2.1 fetches per document with kafkajs's defaults, and still about
  // 0.5 with 4 KiB. It delays a bucket drop by at most 250 ms, and a short long poll keeps shutdown
  // quick (stopping waits for the fetch in flight).
  const consumer = kafka.consumer({ groupId: config.bridge.groupId, allowAutoTopicCreation: false, minBytes: 32 * 1024, maxWaitTimeInMs: 250 })
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log.error({ error: payload.error.message, restart: payload.restart }, 'Kafka consumer crashed')
    if (!payload.restart) options.onFatal?.(payload.error)
  })
  readiness.set('kafka', consumerGroupCheck(consumer))
  readiness.set('s3', s3BucketCheck(s3, config.s3.inboxBucket))
  await consumer.connect()
  await consumer.subscribe({ topic: config.kafka.topicBucketEvents, fromBeginning: false })
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()))
  let lastCommitAt = 0
  await consumer.run({
    eachBatchAutoResolve: false,
    // Commits are made below: at once after publishing, rarely for batches with nothing to publish.
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets, heartbeat }) => {
      const started = performance.now()
      const created: CreatedObject[] = []
      for (const message of batch.messages) {
        try {
          const parsed = parseNotification(message.value)
          if (parsed.kind === 'test') {
            metrics.notifications.inc({ outcome: 'test_event' })
            continue
          }
          metrics.notifications.inc({ outcome: 'records' })
          metrics.objects.inc({ outcome: 'not_create' }, parsed.ignored)
          created.push(...parsed.created)
        } catch (error) {
          if (!(error instanceof UndecodableNotification)) throw error
          metrics.notifications.inc({ outcome: 'undecodable' })
          metrics.failures.inc({ reason: error.reason })
          // The parser's message may quote the notification, and so an object key: the logger redacts it (lib/log.ts).
          log.warn({ reason: error.reason, partition: batch.partition, offset: message.offset, error }, 'skipping an undecodable bucket notification')
        }
      }
      const events = await eventsFor(created, config, s3, metrics, recent, log, callerStrings)
      await heartbeat()
      try {
        await publisher.publish(events)
      } catch (error) {
        metrics.failures.inc({ reason: 'kafka_unavailable' })
        throw error
      }
      for (const event of events) recent.add(event.documentId)
      metrics.objects.inc({ outcome: 'emitted' }, events.length)
      if (events.length > 0) log.info({ documents: events.length }, 'published received events for dropped objects')
      const last = batch.messages.at(-1)
      if (last !== undefined) resolveOffset(last.offset)
      if (events.length > 0 || Date.now() - lastCommitAt >= dropOnlyCommitIntervalMs) {
        // Given offsets, kafkajs commits them whatever its auto-commit policy says.
        await commitOffsetsIfNecessary(uncommittedOffsets())
        lastCommitAt = Date.now()
      }
      metrics.batchSeconds.observe((performance.now() - started) / 1000)
    }
  })
  await joined
  // While the processor group is too far behind, notifications wait in their topic (the bridge's
  // lag grows instead of the processor's) and are read again once it has caught up.
  const bucketTopic = [{ topic: config.kafka.topicBucketEvents }]
  const admission = await startConfiguredAdmission(config, kafka, 'bridge', {
    registry,
    log,
    onChange: (state) => {
      if (state.open) consumer.resume(bucketTopic)
      else consumer.pause(bucketTopic)
    }
  })
  const rescans = config.bridge.rescanIntervalMs > 0
    ? startPeriodicRescan({ config, s3, publisher, recent, metrics, log, callerStrings, minAgeMs: options.rescanMinAgeMs })
    : undefined
  log.info({ topic: config.kafka.topicBucketEvents, bucket: config.s3.inboxBucket, metricsPort: metricsServer.port }, 'bucket bridge running')
  let closing: Promise<void> | undefined
  return {
    metricsPort: metricsServer.port,
    metrics,
    stop: async () => {
      closing ??= shutdown()
      await closing
    }
  }

  async function shutdown (): Promise<void> {
    await rescans?.stop()
    await admission.close()
    await consumer.disconnect()
    await publisher.disconnect()
    await metricsServer.close()
  }
}

async function eventsFor (created: CreatedObject[], config: Config, s3: Client, metrics: BridgeMetrics, recent: RecentIds, log: Logger, callerStrings: CallerStrings): Promise<DocumentReceived[]> {
  const wanted = created.filter((object) => {
    if (object.bucket !== config.s3.inboxBucket) {
      metrics.objects.inc({ outcome: 'other_bucket' })
      return false
    }
    if (object.keyCandidates.every(isReservedKey)) {
      metrics.objects.inc({ outcome: 'reserved_prefix' })
      return false
    }
    if (!object.keyCandidates.some(isUsableObjectKey)) {
      // The key itself is not logged: it is caller-controlled text.
      metrics.objects.inc({ outcome: 'invalid_key' })
      log.warn({ bucket: object.bucket }, 'skipping an object whose key breaks the input limits (over 1024 bytes, a file name over 255 bytes, or control characters)')
      return false
    }
    return true
  })
  const receivedAt = Date.now()
  const events: DocumentReceived[] = []
  const seen = new Set<string>()
  const heads = await pMap(wanted, async (object) => {
    try {
      return await headFirstExisting(s3, object.bucket, object.keyCandidates.filter((key) => !isReservedKey(key) && isUsableObjectKey(key)))
    } catch (error) {
      metrics.failures.inc({ reason: 'storage_unavailable' })
      throw error
    }
  }, { concurrency: headConcurrency })
  for (const head of heads) {
    if (head === undefined) {
      metrics.objects.inc({ outcome: 'missing' })
      continue
    }
    const event = bucketDocumentEvent(config.s3.inboxBucket, head, receivedAt, callerStrings)
    if (seen.has(event.documentId) || recent.has(event.documentId)) {
      metrics.objects.inc({ outcome: 'duplicate' })
      continue
    }
    seen.add(event.documentId)
    events.push(event)
  }
  return events
}

export const bridgeService: Service<BridgeOptions, RunningBridge> = { name: 'bridge', start: startBridge }
