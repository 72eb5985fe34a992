// The lag exporter against the real Kafka broker: a fresh group's backlog, a real consumer
// catching up, and new messages arriving while nobody consumes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Registry } from 'prom-client'
import { loadConfig } from '../../../../lib/config/index.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { startConsumerLagExporter } from '../../../../lib/metrics/consumer-lag.ts'
import { waitFor } from '../../../support/wait.ts'

const config = loadConfig()
const suffix = randomBytes(4).toString('hex')
const topic = `sluice-test-lag-${suffix}`
const groupId = `sluice-test-lag-group-${suffix}`

async function lagByPartition (registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('sluice_kafka_consumer_lag_messages')?.get()
  const lag: Record<string, number> = {}
  for (const value of metric?.values ?? []) {
    if (value.labels.group === groupId && value.labels.topic === topic) lag[String(value.labels.partition)] = value.value
  }
  return lag
}

test('consumer lag follows the real broker: backlog, catch-up, new messages', { timeout: 60_000 }, async () => {
  const kafka = createKafka(config, 'lag-test')
  const admin = kafka.admin()
  const producer = kafka.producer()
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 })
  const registry = new Registry()
  await admin.connect()
  const exporter = startConsumerLagExporter({ admin, groupId, topics: [topic], registry, intervalMs: 500 })
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })
    await producer.connect()
    const send = async (partition: number, count: number): Promise<void> => {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, index) => ({ partition, value: `m${index}` })) })
    }
    await send(0, 4)
    await send(1, 2)

    // Nobody has consumed yet: every retained message is lag.
    await exporter.refresh()
    assert.deepEqual(await lagByPartition(registry), { 0: 4, 1: 2, 2: 0 })

    // A real consumer reads everything and commits: lag drops to zero.
    let consumed = 0
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => { consumed++ } })
    let lag: Record<string, number> = {}
    await waitFor(async () => {
      await exporter.refresh()
      lag = await lagByPartition(registry)
      return consumed === 6 && lag[0] === 0 && lag[1] === 0 && lag[2] === 0
    }, { what: 'the consumer to catch up and commit', timeoutMs: 30_000, intervalMs: 250, progress: () => `consumed ${consumed}, lag ${JSON.stringify(lag)}` })
    await consumer.disconnect()

    // With the consumer gone, new messages are lag again, on their partition only.
    await send(2, 5)
    await exporter.refresh()
    assert.deepEqual(await lagByPartition(registry), { 0: 0, 1: 0, 2: 5 })
  } finally {
    exporter.stop()
    await consumer.disconnect().catch(() => {})
    await producer.disconnect().catch(() => {})
    await admin.deleteGroups([groupId]).catch(() => {})
    await admin.deleteTopics({ topics: [topic] }).catch(() => {})
    await admin.disconnect()
  }
})
