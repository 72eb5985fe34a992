// Proves the local stack is made of real, working services (`sluice stack up` first): each test
// does one real thing with the client library the project uses, on uniquely named resources
// that it removes again. With the stack down these tests fail, they do not skip.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { createClient } from '@clickhouse/client'
import { loadConfig } from '../../../../lib/config/index.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { registerScrapeTarget } from '../../../../lib/metrics/scrape-target.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { waitFor } from '../../../support/wait.ts'

const config = loadConfig()
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
const kafka = createKafka(config, 'stack-test')
const admin = kafka.admin()

after(async () => { await admin.disconnect() })

async function within<T> (what: string, milliseconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${milliseconds} ms`)), milliseconds) })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Consumes `topic` from the offsets it has now, resolving with the first value `accept` keeps. */
async function consumeNext (topic: string, accept: (value: Buffer) => boolean): Promise<{ value: Promise<Buffer>, stop: () => Promise<void> }> {
  const startOffsets = await admin.fetchTopicOffsets(topic)
  const consumer = kafka.consumer({ groupId: `stack-test-${suffix}-${topic}`, sessionTimeout: 10_000 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let resolveValue: (value: Buffer) => void = () => {}
  const value = new Promise<Buffer>((resolve) => { resolveValue = resolve })
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value !== null && accept(message.value)) resolveValue(message.value)
    }
  })
  for (const { partition, offset } of startOffsets) consumer.seek({ topic, partition, offset })
  return {
    value,
    stop: async () => {
      await consumer.disconnect()
      await admin.deleteGroups([`stack-test-${suffix}-${topic}`]).catch(() => {})
    }
  }
}

/** Sends `value` to a new single-partition topic and returns what a consumer read back. */
async function roundTrip (topic: string, value: Buffer | string): Promise<Buffer> {
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true })
  const producer = kafka.producer()
  await producer.connect()
  try {
    const reader = await consumeNext(topic, () => true)
    await producer.send({ topic, acks: -1, messages: [{ key: suffix, value }] })
    const received = await within(`consuming from ${topic}`, 30_000, reader.value)
    await reader.stop()
    return received
  } finally {
    await producer.disconnect()
    await admin.deleteTopics({ topics: [topic] })
  }
}

test('Kafka: a produced message is consumed back', { timeout: 60_000 }, async () => {
  const sent = `hello ${suffix}`
  assert.equal((await roundTrip(`stack-test-${suffix}`, sent)).toString(), sent)
})

test('schema registry: an Avro schema is registered and a message round-trips through Kafka', { timeout: 60_000 }, async () => {
  const topic = `stack-test-avro-${suffix}`
  const subject = `${topic}-value`
  const schema = {
    type: 'record',
    name: 'StackCheck',
    namespace: 'sluice.test',
    fields: [{ name: 'runId', type: 'string' }, { name: 'count', type: 'int' }]
  }
  const writer = new SchemaRegistry({ host: config.registry.url })
  const { id } = await writer.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility: COMPATIBILITY.BACKWARD })
  assert.ok(Number.isInteger(id) && id > 0)
  try {
    const encoded = await roundTrip(topic, await writer.encode(id, { runId: suffix, count: 42 }))
    // Confluent wire format: magic byte 0, then the schema id; a fresh client must fetch it by id.
    assert.equal(encoded[0], 0)
    assert.equal(encoded.readInt32BE(1), id)
    const reader = new SchemaRegistry({ host: config.registry.url })
    assert.deepEqual({ ...(await reader.decode(encoded)) }, { runId: suffix, count: 42 })
    assert.equal((await reader.getSchema(id) as { name?: string }).name, 'sluice.test.StackCheck')
  } finally {
    await fetch(`${config.registry.url}/subjects/${subject}`, { method: 'DELETE' })
    await fetch(`${config.registry.url}/subjects/${subject}?permanent=true`, { method: 'DELETE' })
  }
})

test('S3: an object put with the minio client arrives as a bucket notification on Kafka', { timeout: 60_000 }, async () => {
  const s3 = createS3Client(config)
  const bucket = `stack-test-${suffix}`
  const key = `folder/report ${suffix}.pdf`
  await admin.connect()
  await s3.makeBucket(bucket, config.s3.region)
  const events = await consumeNext(config.kafka.topicBucketEvents, (value) => {
    const records = (JSON.parse(value.toString()) as { Records?: Array<{ s3?: { bucket?: { name?: string } } }> }).Records ?? []
    return records.some((record) => record.s3?.bucket?.name === bucket)
  })
  try {
    await s3.putObject(bucket, key, Buffer.from('%PDF-1.4 stack check'))
    const event = JSON.parse((await within('the bucket notification', 30_000, events.value)).toString()) as {
      Records: Array<{ eventName: string, s3: { bucket: { name: string }, object: { key: string, size: number } } }>
    }
    const record = event.Records.find((candidate) => candidate.s3.bucket.name === bucket)
    assert.ok(record !== undefined)
    assert.match(record.eventName, /ObjectCreated/)
    assert.equal(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')), key)
    assert.equal(record.s3.object.size, 20)
  } finally {
    await events.stop()
    await s3.removeObject(bucket, key)
    await s3.removeBucket(bucket)
  }
})

test('ClickHouse: a table is created, filled and queried', { timeout: 30_000 }, async () => {
  const database = `stack_test_${suffix.replace(/-/g, '_')}`
  const clickhouse = createClient({ url: config.clickhouse.url, username: config.clickhouse.user, password: config.clickhouse.password })
  try {
    await clickhouse.command({ query: `CREATE DATABASE ${database}` })
    await clickhouse.command({ query: `CREATE TABLE ${database}.documents (documentId String, pages UInt32) ENGINE = MergeTree ORDER BY documentId` })
    await clickhouse.insert({ table: `${database}.documents`, values: [{ documentId: 'a', pages: 3 }, { documentId: 'b', pages: 4 }], format: 'JSONEachRow' })
    const result = await clickhouse.query({ query: `SELECT count() AS documents, sum(pages) AS pages FROM ${database}.documents`, format: 'JSONEachRow' })
    const rows = await result.json<{ documents: string, pages: string }>()
    assert.deepEqual(rows.map((row) => [Number(row.documents), Number(row.pages)]), [[2, 7]])
  } finally {
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` })
    await clickhouse.close()
  }
})

test('Prometheus: a registered scrape target is discovered and reported healthy', { timeout: 60_000 }, async () => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('# TYPE sluice_stack_check gauge\nsluice_stack_check 1\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const job = `stack-test-${suffix}`
  const unregister = await registerScrapeTarget({ job, port })
  try {
    let health = 'not discovered'
    await waitFor(async () => {
      const response = await fetch(`${config.prometheus.url}/api/v1/targets?state=active`)
      assert.equal(response.status, 200)
      const body = await response.json() as { data: { activeTargets: Array<{ labels: Record<string, string>, health: string }> } }
      health = body.data.activeTargets.find((target) => target.labels.job === job)?.health ?? 'not discovered'
      return health === 'up'
    }, { what: `Prometheus to discover and scrape ${job}`, timeoutMs: 45_000, intervalMs: 1000, progress: () => health })
  } finally {
    await unregister()
    await new Promise((resolve) => server.close(resolve))
  }
})
