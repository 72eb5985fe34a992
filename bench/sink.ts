// ClickHouse sink and stats cost: N processed events are put on a fresh topic first, then
// the real sink (in-process) drains them into ClickHouse through real Kafka; we time the drain
// (first batch to last commit) and then the full `sluice stats` report over those rows.
// Also reports the same rows inserted straight into ClickHouse (no Kafka, no decode) as the
// limit the sink is measured against, and the drain's cost per document: ClickHouse requests
// (by call) and this process's CPU time (user + system; Kafka fetch, decoding, batching and the
// writer, which is all the sink does). Needs the local stack.
// Run: npx node bench/sink.ts [documents=20000]   (prints JSON)
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Registry } from 'prom-client'
import { createSinkMetrics } from '../consumers/sink/metrics.ts'
import { outcomeRow, stampInserted } from '../consumers/sink/rows.ts'
import { createSink } from '../consumers/sink/sink.ts'
import { collectStats } from '../lib/analytics/stats.ts'
import { clickHouseOptions, createClickHouse } from '../lib/clickhouse/client.ts'
import { migrate } from '../lib/clickhouse/migrate.ts'
import { loadConfig } from '../lib/config/index.ts'
import { clientRequestsMetricName, registerClientRequests } from '../lib/metrics/client-requests.ts'
import type { DocumentProcessed } from '../lib/events/types.ts'
import { resultKey } from '../lib/ingest/object-keys.ts'
import { createKafka } from '../lib/kafka/client.ts'
import { ensureTopics, sluiceTopics } from '../lib/kafka/topics.ts'
import { createLogger } from '../lib/log.ts'
import { createEventCodec } from '../lib/registry/codec.ts'

const documents = Number(process.argv[2] ?? 20_000)
const runId = randomBytes(4).toString('hex')
const config = loadConfig({
  ...process.env,
  SLUICE_TOPIC_PROCESSED: `bench-${runId}.processed`,
  SLUICE_TOPIC_DLQ: `bench-${runId}.dlq`,
  SLUICE_SINK_GROUP: `bench-${runId}-sink`,
  SLUICE_CLICKHOUSE_DATABASE: `bench_sink_${runId}`
})
const db = config.clickhouse.database
const start = Math.floor(Date.now() / 1000) * 1000 - 3_600_000
const event = (index: number): DocumentProcessed => ({
  documentId: `${runId}-${index}`,
  source: (['api', 'bucket', 'topic'] as const)[index % 3] ?? 'api',
  bucket: 'sluice-inbox',
  key: `inbox/${index}.pdf`,
  size: 20_000 + index % 1000,
  sha256: '0'.repeat(64),
  status: index % 50 === 0 ? 'failed' : 'processed',
  failureReason: index % 50 === 0 ? 'corrupt' : null,
  failureMessage: null,
  pages: 1 + index % 20,
  chars: 3000,
  piiCounts: { EMAIL_ADDRESS: index % 3, PHONE_NUMBER: index % 2, PERSON: 1 },
  resultBucket: 'sluice-results',
  resultKey: resultKey(String(index)),
  receivedAt: start + index * 10 - 400,
  startedAt: start + index * 10 - 300,
  completedAt: start + index * 10,
  timings: { queueMs: 100, fetchMs: 5 + index % 7, extractMs: 50 + index % 200, redactMs: 10 + index % 30, storeMs: 8, totalMs: 400 },
  host: 'bench',
  partition: index % 12,
  offset: index,
  attempt: 1,
  keyPseudonym: null
})

const kafka = createKafka(config, `bench-${runId}`)
const admin = kafka.admin()
await admin.connect()
const topics = [config.kafka.topicProcessed, config.kafka.topicDeadLetter]
await ensureTopics(admin, sluiceTopics(config).filter((topic) => topics.includes(topic.topic)))
const codec = await createEventCodec(config)
const producer = kafka.producer()
await producer.connect()
for (let from = 0; from < documents; from += 1000) {
  const messages = await Promise.all(Array.from({ length: Math.min(1000, documents - from) }, async (_, offset) => {
    const payload = event(from + offset)
    return { key: payload.documentId, value: await codec.encode('processed', payload) }
  }))
  await producer.send({ topic: config.kafka.topicProcessed, acks: -1, messages })
}
await producer.disconnect()

const clickhouse = createClickHouse(clickHouseOptions(config))
await migrate(clickhouse, db)
const registry = new Registry()
const metrics = createSinkMetrics(registry)
registerClientRequests(registry)
const clickhouseRequests = async (): Promise<Record<string, number>> => {
  const metric = await registry.getSingleMetric(clientRequestsMetricName)?.get()
  const byOperation: Record<string, number> = {}
  for (const value of metric?.values ?? []) {
    if (value.labels.system === 'clickhouse') byOperation[String(value.labels.operation)] = value.value
  }
  return byOperation
}
const requestsBefore = await clickhouseRequests()
const cpuBefore = process.cpuUsage()
const sink = createSink({ config, kafka, clickhouse, decode: codec.decode, metrics, logger: createLogger('bench-sink', 'warn') })
const drainStarted = performance.now()
await sink.start()
for (;;) {
  const [committed] = await admin.fetchOffsets({ groupId: config.sink.groupId, topics: [config.kafka.topicProcessed] })
  const done = (committed?.partitions ?? []).reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0)
  if (done >= documents) break
  await sleep(50)
}
const drainMs = performance.now() - drainStarted
await sink.stop()
const cpu = process.cpuUsage(cpuBefore)
const requestsAfter = await clickhouseRequests()
// Time in the writer (inserts, and before issue 15 the stored-version lookup), successful attempts.
const writeHistogram = await registry.getSingleMetric('sluice_sink_insert_duration_seconds')?.get()
const writeSeconds = writeHistogram?.values.find((value) => (value as { metricName?: string }).metricName === 'sluice_sink_insert_duration_seconds_sum')?.value ?? 0
const requestsPerDocument = Object.fromEntries(Object.entries(requestsAfter).map(([operation, count]) => [operation, Number(((count - (requestsBefore[operation] ?? 0)) / documents).toFixed(4))]))

const window = { fromMs: start, toMs: start + documents * 10 + 1000 }
const statsMs: number[] = []
let report
for (let round = 0; round < 5; round++) {
  const began = performance.now()
  report = await collectStats(clickhouse, db, window)
  statsMs.push(performance.now() - began)
}

// The limit: the same rows straight into a second database, batches of the configured size.
const directDb = `${db}_direct`
await migrate(clickhouse, directDb)
const directStarted = performance.now()
for (let from = 0; from < documents; from += config.sink.batchRows) {
  const rows = Array.from({ length: Math.min(config.sink.batchRows, documents - from) }, (_, offset) => stampInserted(outcomeRow(event(from + offset), { partition: 0, offset: from + offset, appendedAtMs: start }), Date.now()))
  await clickhouse.insert(`${directDb}.document_outcomes`, rows)
}
const directMs = performance.now() - directStarted

console.log(JSON.stringify({
  command: `npx node bench/sink.ts ${documents}`,
  documents,
  batchRows: config.sink.batchRows,
  sinkDrain: { ms: Math.round(drainMs), docsPerSecond: Math.round(documents / (drainMs / 1000)) },
  directInsert: { ms: Math.round(directMs), docsPerSecond: Math.round(documents / (directMs / 1000)) },
  sinkVsDirect: Number((directMs / drainMs).toFixed(2)),
  clickhouseRequestsPerDocument: requestsPerDocument,
  writeMsPerDocument: Number((writeSeconds * 1000 / documents).toFixed(4)),
  sinkCpuMsPerDocument: Number(((cpu.user + cpu.system) / 1000 / documents).toFixed(4)),
  statsReportMs: { min: Math.round(Math.min(...statsMs)), max: Math.round(Math.max(...statsMs)) },
  statsCompleted: report?.documents.completed,
  statsDocsPerSecond: report?.throughput.docsPerSecond,
  expectedDocsPerSecond: Number((documents / ((window.toMs - window.fromMs) / 1000)).toFixed(3))
}, null, 2))

await clickhouse.exec(`DROP DATABASE IF EXISTS ${db}`)
await clickhouse.exec(`DROP DATABASE IF EXISTS ${directDb}`)
await clickhouse.close()
await admin.deleteGroups([config.sink.groupId]).catch(() => {})
await admin.deleteTopics({ topics }).catch(() => {})
await admin.disconnect()
