// Set-up for the sink's integration tests on the real local stack: this run's own topics
// (the processed one with LogAppendTime, as in production), consumer group and ClickHouse
// database, a producer of encoded events, and helpers that wait for the sink to catch up.
import { randomBytes } from 'node:crypto'
import type { Admin, Kafka, Producer } from 'kafkajs'
import { Registry } from 'prom-client'
import { createSinkMetrics, type SinkMetrics } from '../../../../consumers/sink/metrics.ts'
import type { ClickHouse } from '../../../../lib/clickhouse/client.ts'
import { loadConfig, type Config } from '../../../../lib/config/index.ts'
import type { DeadLetter, DocumentProcessed } from '../../../../lib/events/types.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { ensureTopics, sluiceTopics } from '../../../../lib/kafka/topics.ts'
import { createEventCodec, type EventCodec } from '../../../../lib/registry/codec.ts'
import { waitFor } from '../../../support/wait.ts'

export interface SinkTestRun {
  runId: string
  env: Record<string, string>
  config: Config
  kafka: Kafka
  codec: EventCodec
  metricsRegistry: Registry
  metrics: SinkMetrics
  sendProcessed: (events: DocumentProcessed[]) => Promise<void>
  sendDeadLetters: (events: DeadLetter[]) => Promise<void>
  /** Messages of both topics past the group's committed offsets. */
  behind: () => Promise<number>
  /** Resolves when the group's committed offsets reach the end of both topics. */
  waitForCommitted: (timeoutMs: number) => Promise<void>
  cleanup: () => Promise<void>
}

export async function createSinkTestRun (overrides: Record<string, string> = {}): Promise<SinkTestRun> {
  const runId = randomBytes(4).toString('hex')
  const env: Record<string, string> = {
    SLUICE_TOPIC_PROCESSED: `it-${runId}.processed`,
    SLUICE_TOPIC_DLQ: `it-${runId}.dlq`,
    SLUICE_SINK_GROUP: `it-${runId}-sink`,
    SLUICE_CLICKHOUSE_DATABASE: `it_sink_${runId}`,
    SLUICE_KAFKA_PARTITIONS: '3',
    SLUICE_SINK_BATCH_ROWS: '100',
    SLUICE_SINK_BATCH_INTERVAL: '200ms',
    SLUICE_SINK_MAX_RETRY_BACKOFF: '1s',
    SLUICE_LOG_LEVEL: 'warn',
    ...overrides
  }
  const config = loadConfig({ ...process.env, ...env })
  const kafka = createKafka(config, `it-${runId}`)
  const admin: Admin = kafka.admin()
  await admin.connect()
  const topics = [config.kafka.topicProcessed, config.kafka.topicDeadLetter]
  await ensureTopics(admin, sluiceTopics(config).filter((topic) => topics.includes(topic.topic)))
  const codec = await createEventCodec(config)
  const producer: Producer = kafka.producer({ idempotent: true })
  await producer.connect()
  const metricsRegistry = new Registry()

  const behind = async (): Promise<number> => {
    let messages = 0
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic)
      const [committed] = await admin.fetchOffsets({ groupId: config.sink.groupId, topics: [topic] })
      for (const end of ends) {
        const done = committed?.partitions.find((partition) => partition.partition === end.partition)
        messages += Number(end.high) - Math.max(0, Number(done?.offset ?? 0))
      }
    }
    return messages
  }
  let lastBehind = -1
  const waitForCommitted = async (timeoutMs: number): Promise<void> => {
    await waitFor(async () => (lastBehind = await behind()) === 0, {
      what: 'the sink group to commit to the end of its topics',
      timeoutMs,
      intervalMs: 200,
      progress: () => `${lastBehind} messages behind`
    })
  }

  return {
    runId,
    env,
    config,
    kafka,
    codec,
    metricsRegistry,
    metrics: createSinkMetrics(metricsRegistry),
    sendProcessed: async (events) => {
      const messages = await Promise.all(events.map(async (event) => ({ key: event.documentId, value: await codec.encode('processed', event) })))
      await producer.send({ topic: config.kafka.topicProcessed, acks: -1, messages })
    },
    sendDeadLetters: async (events) => {
      const messages = await Promise.all(events.map(async (event) => ({ key: event.documentId, value: await codec.encode('deadLetter', event) })))
      await producer.send({ topic: config.kafka.topicDeadLetter, acks: -1, messages })
    },
    behind,
    waitForCommitted,
    cleanup: async () => {
      await producer.disconnect()
      await admin.deleteGroups([config.sink.groupId]).catch(() => {})
      await admin.deleteTopics({ topics }).catch(() => {})
      await admin.disconnect()
    }
  }
}

export async function countRows (clickhouse: ClickHouse, sql: string): Promise<number> {
  const rows = await clickhouse.select<{ n: string | number }>(sql)
  return Number(rows[0]?.n ?? 0)
}

export async function metricValue (registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name)
  const values = (metric as { values?: Array<{ value: number, labels: Record<string, string | number> }> } | undefined)?.values ?? []
  return values.filter((value) => Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected)).reduce((sum, value) => sum + value.value, 0)
}
