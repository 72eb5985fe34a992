// The sink on the real local stack: Kafka, the schema registry and ClickHouse. Fails (does
// not skip) when the stack is down. Each test uses its own topics, group and database.
import { spawn } from 'node:child_process'
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { createSink } from '../../../../consumers/sink/sink.ts'
import { collectStats } from '../../../../lib/analytics/stats.ts'
import { clickHouseOptions, createClickHouse } from '../../../../lib/clickhouse/client.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import type { DocumentProcessed } from '../../../../lib/events/types.ts'
import { createLogger } from '../../../../lib/log.ts'
import { startPrivateClickHouse } from '../../../support/clickhouse.ts'
import { deadLetterEvent, processedEvent } from '../../../support/events.ts'
import { waitForGroupAssignment } from '../../../support/consumer-group.ts'
import { waitFor } from '../../../support/wait.ts'
import { countRows, createSinkTestRun, metricValue } from './harness.ts'

const logger = createLogger('sink-test', 'warn')
const cleanups: Array<() => Promise<void>> = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

test('throughput through Kafka and the sink matches ground truth, with every event delivered twice', { timeout: 60_000 }, async () => {
  const run = await createSinkTestRun()
  cleanups.push(run.cleanup)
  const clickhouse = createClickHouse(clickHouseOptions(run.config))
  cleanups.push(async () => {
    await clickhouse.exec(`DROP DATABASE IF EXISTS ${run.config.clickhouse.database}`)
    await clickhouse.close()
  })
  const db = run.config.clickhouse.database
  // Ground truth: 300 documents completed one every 200 ms over a known 60 s interval = 5 docs/s.
  const intervalStart = Math.floor(Date.now() / 60_000) * 60_000 - 120_000
  const events: DocumentProcessed[] = Array.from({ length: 300 }, (_, index) => processedEvent({
    index,
    prefix: run.runId,
    completedAt: intervalStart + index * 200,
    source: (['api', 'bucket', 'topic'] as const)[index % 3],
    ...(index % 25 === 0 ? { failureReason: 'encrypted' } as const : {})
  }))
  const letters = [1, 2, 3].map((index) => deadLetterEvent(index, intervalStart + index * 1000, run.runId))

  const sink = createSink({ config: run.config, kafka: run.kafka, clickhouse, decode: run.codec.decode, metrics: run.metrics, logger })
  cleanups.push(async () => sink.stop())
  await sink.start()
  const sentFrom = Date.now()
  for (let start = 0; start < events.length; start += 50) await run.sendProcessed(events.slice(start, start + 50))
  await run.sendDeadLetters(letters)
  await run.waitForCommitted(30_000)
  // The redelivery: every event again, after the first copies were stored and committed.
  await run.sendProcessed(events)
  await run.sendDeadLetters(letters)
  await run.waitForCommitted(30_000)
  const sentUntil = Date.now()

  // The sink reads nothing before inserting: the redelivered copies are stored again and collapse.
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${db}.document_outcomes FINAL`), 300, 'one row per document')
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${db}.dead_letters FINAL`), 3)
  assert.equal(await metricValue(run.metricsRegistry, 'sluice_sink_rows_inserted_total', { table: 'document_outcomes' }), 600)
  assert.ok(await metricValue(run.metricsRegistry, 'sluice_sink_batches_inserted_total') >= 2)
  assert.equal(await metricValue(run.metricsRegistry, 'sluice_sink_consumer_lag_messages'), 0)

  const report = await collectStats(clickhouse, db, { fromMs: intervalStart, toMs: intervalStart + 60_000 })
  assert.equal(report.documents.completed, 300)
  assert.equal(report.documents.failed, 12)
  assert.ok(Math.abs(report.throughput.docsPerSecond - 5) <= 5 * 0.02, `docs/s ${report.throughput.docsPerSecond} within 2% of 5`)
  assert.equal(report.throughput.peak?.docsPerSecond, 5)
  assert.deepEqual(report.failuresByReason, [{ reason: 'encrypted', documents: 12 }])
  assert.equal(report.deadLetters.events, 3)
  // Publish is measured from the broker's LogAppendTime: append times fall inside the sending interval.
  const [append] = await clickhouse.select<{ first: string | number, last: string | number }>(`SELECT min(published_at_ms) AS first, max(published_at_ms) AS last FROM ${db}.document_outcomes`)
  assert.ok(Number(append?.first) >= sentFrom - 1000 && Number(append?.last) <= sentUntil + 1000, 'published_at_ms is the broker append time')
})

test('ClickHouse down: the sink pauses, keeps memory bounded, retries, then stores everything exactly once', { timeout: 90_000 }, async () => {
  const server = await startPrivateClickHouse()
  cleanups.push(server.dispose)
  const run = await createSinkTestRun({ SLUICE_CLICKHOUSE_URL: server.url, SLUICE_SINK_BATCH_ROWS: '20', SLUICE_SINK_MAX_BUFFERED_ROWS: '50' })
  cleanups.push(run.cleanup)
  const clickhouse = createClickHouse({ ...clickHouseOptions(run.config), requestTimeoutMs: 3000 })
  cleanups.push(async () => clickhouse.close())
  const db = run.config.clickhouse.database
  const base = Math.floor(Date.now() / 1000) * 1000 - 600_000
  const first = Array.from({ length: 40 }, (_, index) => processedEvent({ index, prefix: run.runId, completedAt: base + index * 10 }))
  const second = Array.from({ length: 200 }, (_, index) => processedEvent({ index: 1000 + index, prefix: run.runId, completedAt: base + 1000 + index * 10 }))

  const sink = createSink({ config: run.config, kafka: run.kafka, clickhouse, decode: run.codec.decode, metrics: run.metrics, logger })
  cleanups.push(async () => sink.stop())
  await sink.start()
  await run.sendProcessed(first)
  await run.waitForCommitted(30_000)
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${db}.document_outcomes`), 40)

  await server.stop()
  await run.sendProcessed(second)
  await run.sendProcessed(first)
  const retries = async (): Promise<number> => await metricValue(run.metricsRegistry, 'sluice_sink_insert_retries_total')
  await waitFor(async () => await retries() >= 3 && await metricValue(run.metricsRegistry, 'sluice_sink_paused') === 1, { what: 'the sink to pause and retry', timeoutMs: 30_000 })
  // Watch the buffer through three more failed inserts: however long they take, it stays bounded.
  const retriesWhilePaused = await retries() + 3
  let mostBuffered = 0
  await waitFor(async () => {
    mostBuffered = Math.max(mostBuffered, await metricValue(run.metricsRegistry, 'sluice_sink_buffered_rows'))
    return await retries() >= retriesWhilePaused
  }, { what: 'three more insert retries while ClickHouse is down', timeoutMs: 30_000 })
  assert.ok(mostBuffered > 0 && mostBuffered <= 50, `buffered rows stayed within the bound: ${mostBuffered}`)
  assert.ok(await run.behind() > 0, 'nothing of the second batch is committed while ClickHouse is down')

  await server.start()
  await run.waitForCommitted(45_000)
  assert.equal(await metricValue(run.metricsRegistry, 'sluice_sink_paused'), 0)
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${db}.document_outcomes FINAL`), 240, 'every document once: none lost, none duplicated')
  const report = await collectStats(clickhouse, db, { fromMs: base, toMs: base + 10_000 })
  assert.equal(report.documents.completed, 240)
  assert.equal(report.redactions.find((entry) => entry.type === 'EMAIL_ADDRESS')?.findings, 240, 'rollup sums saw each document once')
})

test('SIGTERM: `sluice sink` writes the rows it holds, commits and exits 0', { timeout: 60_000 }, async () => {
  const metricsPort = 20_000 + Math.floor(Math.random() * 20_000)
  const run = await createSinkTestRun({ SLUICE_SINK_BATCH_INTERVAL: '10m', SLUICE_SINK_BATCH_ROWS: '1000', SLUICE_METRICS_SINK_PORT: String(metricsPort) })
  cleanups.push(run.cleanup)
  const clickhouse = createClickHouse(clickHouseOptions(loadConfig({ ...process.env, ...run.env })))
  cleanups.push(async () => {
    await clickhouse.exec(`DROP DATABASE IF EXISTS ${run.config.clickhouse.database}`)
    await clickhouse.close()
  })
  const child = spawn(process.execPath, ['bin/sluice.js', 'sink'], { env: { ...process.env, ...run.env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000) })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  cleanups.push(async () => { if (child.exitCode === null) child.kill('SIGKILL') })

  const buffered = async (): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    return Number(/^sluice_sink_buffered_rows(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? -1)
  }
  await waitFor(async () => await buffered() === 0, { what: 'the sink metrics endpoint', timeoutMs: 30_000 })
  // The sink owns the partitions before the events arrive.
  await waitForGroupAssignment(run.kafka, { groupId: run.config.sink.groupId, topic: run.config.kafka.topicProcessed, members: 1, partitions: run.config.kafka.partitions, timeoutMs: 30_000 })
  await run.sendProcessed(Array.from({ length: 25 }, (_, index) => processedEvent({ index, prefix: run.runId, completedAt: Date.now() })))
  await waitFor(async () => await buffered() === 25, { what: '25 rows buffered (the batch interval is 10 minutes)', timeoutMs: 30_000 })
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${run.config.clickhouse.database}.document_outcomes`), 0)

  child.kill('SIGTERM')
  assert.equal(await exited, 0, stderr)
  assert.equal(await countRows(clickhouse, `SELECT count() AS n FROM ${run.config.clickhouse.database}.document_outcomes`), 25)
  await run.waitForCommitted(5000)
})
