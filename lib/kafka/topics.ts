import type { Admin, ITopicConfig } from 'kafkajs'
import type { Config } from '../config/index.ts'

/**
 * The topics Sluice owns. The processed topic stamps messages with the broker's append time,
 * so downstream can measure how long publishing took (append time minus completedAt).
 */
export function sluiceTopics (config: Config): ITopicConfig[] {
  const common = [
    { name: 'retention.ms', value: String(config.kafka.retentionMs) },
    { name: 'cleanup.policy', value: 'delete' }
  ]
  const topic = (name: string, extra: Array<{ name: string, value: string }> = []): ITopicConfig => ({
    topic: name,
    numPartitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    configEntries: [...common, ...extra]
  })
  return [
    topic(config.kafka.topicReceived),
    topic(config.kafka.topicProcessed, [{ name: 'message.timestamp.type', value: 'LogAppendTime' }]),
    topic(config.kafka.topicDeadLetter),
    topic(config.kafka.topicBucketEvents)
  ]
}

/** Creates missing topics; existing ones are left as they are (partition counts only grow by hand). */
export async function ensureTopics (admin: Admin, topics: ITopicConfig[]): Promise<void> {
  const existing = new Set(await admin.listTopics())
  const missing = topics.filter((topic) => !existing.has(topic.topic))
  if (missing.length === 0) return
  await admin.createTopics({ topics: missing, waitForLeaders: true })
}
