// Start-up provisioning shared by every service: topics, schemas and buckets. Every step is
// idempotent and tolerates another process doing the same thing at the same moment, so all
// services can call it on start without coordinating.
import kafkajs, { type Admin, type ITopicConfig } from 'kafkajs'
import type { Config } from './config/index.ts'
import { SluiceError } from './errors.ts'
import { createKafka } from './kafka/client.ts'
import { ensureTopics, sluiceTopics } from './kafka/topics.ts'
import { createLogger } from './log.ts'
import { retry } from './retry/retry.ts'
import { createEventCodec, type EventCodec } from './registry/codec.ts'
import { createS3Client, ensureBuckets } from './s3/client.ts'

const log = createLogger('provision')
// kafkajs is CommonJS and this export is not detected as a named ESM export.
const { ConfigResourceTypes } = kafkajs

/**
 * Ensures the Sluice topics (configured partitions and retention), registers the event schemas
 * and ensures the inbox and results buckets. Returns the codec bound to the registered schema ids.
 * Throws SluiceError('SERVICE_UNAVAILABLE') naming the service that could not be reached.
 */
export async function provisionSluice (config: Config): Promise<EventCodec> {
  const admin = createKafka(config, 'provision').admin()
  try {
    await step('Kafka', config.kafka.brokers.join(','), async () => {
      await admin.connect()
      await ensureTopicsConcurrently(admin, sluiceTopics(config))
    })
  } finally {
    await admin.disconnect().catch(() => {})
  }
  await step('S3', config.s3.endpoint, async () => {
    await ensureBuckets(createS3Client(config), [config.s3.inboxBucket, config.s3.resultsBucket], config.s3.region)
  })
  return await step('schema registry', config.registry.url, async () => createEventCodec(config))
}

/**
 * Creates missing topics, then brings retention (and the other Sluice topic settings) of existing
 * ones in line. Partition counts are never changed here: growing them remaps keys to partitions,
 * which an operator should decide, so a mismatch is only logged.
 */
async function ensureTopicsConcurrently (admin: Admin, topics: ITopicConfig[]): Promise<void> {
  try {
    await ensureTopics(admin, topics)
  } catch (error) {
    // A racing process created some of them first; kafkajs reports that as an aggregate error.
    if (!isTopicAlreadyExists(error)) throw error
    await ensureTopics(admin, topics)
  }
  // A topic another process just created may not be served yet: wait for it briefly.
  const metadata = await whileTopicsSettle(async () => admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.topic) }))
  for (const topic of metadata.topics) {
    const wanted = topics.find((candidate) => candidate.topic === topic.name)
    if (wanted?.numPartitions !== undefined && topic.partitions.length < wanted.numPartitions) {
      log.warn({ topic: topic.name, partitions: topic.partitions.length, configured: wanted.numPartitions }, 'topic has fewer partitions than configured; grow it by hand if you need more consumers')
    }
  }
  await whileTopicsSettle(async () => alignTopicConfigs(admin, topics))
}

const settlingErrors = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE'])

async function whileTopicsSettle<T> (action: () => Promise<T>): Promise<T> {
  return await retry(action, {
    attempts: 20,
    delayMs: (attempt) => 100 * attempt,
    retryable: (error) => settlingErrors.has((error as { type?: string }).type ?? '')
  })
}

async function alignTopicConfigs (admin: Admin, topics: ITopicConfig[]): Promise<void> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.topic }))
  })
  const stale = topics.filter((topic) => {
    const current = described.resources.find((resource) => resource.resourceName === topic.topic)?.configEntries ?? []
    return (topic.configEntries ?? []).some((wanted) => current.find((entry) => entry.configName === wanted.name)?.configValue !== wanted.value)
  })
  if (stale.length === 0) return
  // AlterConfigs replaces a topic's whole dynamic config, so every Sluice setting is sent together.
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.topic, configEntries: topic.configEntries ?? [] }))
  })
  log.info({ topics: stale.map((topic) => topic.topic) }, 'updated topic settings (retention) to the configured values')
}

function isTopicAlreadyExists (error: unknown): boolean {
  const errors = (error as { errors?: Array<{ type?: string }> }).errors
  return (error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS' ||
    (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => inner.type === 'TOPIC_ALREADY_EXISTS'))
}

async function step<T> (service: string, address: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof SluiceError) throw error
    throw new SluiceError('SERVICE_UNAVAILABLE', `provisioning failed: ${service} at ${address}: ${(error as Error).message}`, {
      hint: 'Is the local stack running? Check with `sluice stack status`, start it with `sluice stack up`.',
      cause: error
    })
  }
}
