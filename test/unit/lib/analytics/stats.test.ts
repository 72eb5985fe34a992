// Known documents over a known interval go through the sink's real row mapping and writer
// into the real tables on ClickHouse 18.16 and on chdb, every event delivered twice; every
// stats query then runs on both engines and must give the exact ground truth.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import { createSinkBuffer } from '../../../../consumers/sink/buffer.ts'
import { deadLetterRow, outcomeRow, stampInserted } from '../../../../consumers/sink/rows.ts'
import { writeBatch } from '../../../../consumers/sink/writer.ts'
import { formatStats } from '../../../../lib/analytics/format.ts'
import { statsQueries, statsQueryNames } from '../../../../lib/analytics/queries.ts'
import { collectStats, type StatsReport } from '../../../../lib/analytics/stats.ts'
import { migrate } from '../../../../lib/clickhouse/migrate.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import type { DeadLetter, DocumentProcessed } from '../../../../lib/events/types.ts'
import { statsRoutes } from '../../../../producers/api/routes/stats.ts'
import { chdbEngine, serverEngine, uniqueDatabase, type Engine } from '../../../support/clickhouse.ts'
import { deadLetterEvent, processedEvent } from '../../../support/events.ts'

const windowStart = Date.UTC(2026, 0, 1, 0, 0, 0)
const windowSeconds = 60
const window = { fromMs: windowStart, toMs: windowStart + windowSeconds * 1000 }
const documentsInWindow = 600 // one every 100 ms: exactly 10 docs/s in every second
const sources = ['api', 'bucket', 'topic'] as const

const inWindow: DocumentProcessed[] = Array.from({ length: documentsInWindow }, (_, index) => processedEvent({
  index,
  completedAt: windowStart + index * 100,
  source: sources[index % 3],
  ...(index % 20 === 0 ? { failureReason: index % 40 === 0 ? 'corrupt' : 'timeout' } as const : {})
}))
// Just outside both ends of the window: must not be counted.
const outside = [
  processedEvent({ index: 9001, completedAt: windowStart - 1 }),
  processedEvent({ index: 9002, completedAt: window.toMs }),
  processedEvent({ index: 9003, completedAt: window.toMs + 5000, extractMs: 999_999 })
]
const deadLetters: DeadLetter[] = [0, 1, 2, 3].map((index) => deadLetterEvent(index, windowStart + 1000 * (index + 1)))
deadLetters.push(deadLetterEvent(99, window.toMs + 1000))

const processed = inWindow.filter((event) => event.status === 'processed')
const failed = inWindow.filter((event) => event.status === 'failed')

/** Feeds events through the sink's buffer and writer, like the sink does with Kafka batches. */
async function deliver (engine: Engine, db: string, events: DocumentProcessed[], letters: DeadLetter[]): Promise<void> {
  const buffer = createSinkBuffer()
  let offset = 0
  for (const event of events) {
    buffer.addOutcome(outcomeRow(event, { partition: 0, offset, appendedAtMs: event.completedAt + 3 }), 'processed', 0, offset++, 0)
  }
  for (const letter of letters) buffer.addDeadLetter(deadLetterRow(letter, { partition: 0, offset, appendedAtMs: 0 }, 0), 'dlq', 0, offset++, 0)
  await writeBatch(engine.clickhouse, db, buffer.take(), () => 1)
}

function percentile (sorted: number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction
  const lower = Math.floor(position)
  return (sorted[lower] as number) + ((sorted[Math.min(lower + 1, sorted.length - 1)] as number) - (sorted[lower] as number)) * (position - lower)
}

function checkGroundTruth (report: StatsReport): void {
  assert.equal(report.documents.completed, documentsInWindow)
  assert.equal(report.documents.processed, processed.length)
  assert.equal(report.documents.failed, failed.length)
  assert.equal(report.documents.bytes, inWindow.reduce((sum, event) => sum + event.size, 0))
  assert.equal(report.documents.pages, inWindow.reduce((sum, event) => sum + event.pages, 0))
  assert.equal(report.throughput.docsPerSecond, documentsInWindow / windowSeconds)
  assert.equal(report.throughput.series.stepSeconds, 1)
  assert.equal(report.throughput.series.points.length, windowSeconds)
  for (const point of report.throughput.series.points) assert.equal(point.docsPerSecond, 10)
  assert.deepEqual(report.throughput.peak, { docsPerSecond: 10, at: new Date(windowStart).toISOString() })
  assert.deepEqual(report.failuresByReason, [{ reason: 'corrupt', documents: 15 }, { reason: 'timeout', documents: 15 }])
  for (const source of sources) {
    const expected = { source, processed: processed.filter((event) => event.source === source).length, failed: failed.filter((event) => event.source === source).length }
    assert.deepEqual(report.bySource.find((entry) => entry.source === source), expected)
  }
  assert.deepEqual(report.redactions, [
    { type: 'EMAIL_ADDRESS', findings: processed.length, documents: processed.length },
    { type: 'PHONE_NUMBER', findings: processed.filter((event) => event.offset % 2 === 1).length, documents: processed.filter((event) => event.offset % 2 === 1).length }
  ])
  assert.deepEqual(report.deadLetters, { events: 4, byErrorCode: [{ errorCode: 'missing_object', events: 2 }, { errorCode: 'undecodable', events: 2 }] })
  assert.deepEqual(report.slowest.map((entry) => entry.documentId), ['doc-000599', 'doc-000598', 'doc-000597'])
  assert.deepEqual(report.stages.map((stage) => stage.stage), ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert'])
  const extract = report.stages.find((stage) => stage.stage === 'extract')
  const extractTimes = processed.map((event) => event.timings.extractMs).sort((a, b) => a - b)
  assert.equal(extract?.documents, processed.length)
  assert.ok(Math.abs((extract?.p50Ms ?? 0) - percentile(extractTimes, 0.5)) <= 1, `p50 ${extract?.p50Ms} vs ${percentile(extractTimes, 0.5)}`)
  assert.ok(Math.abs((extract?.p99Ms ?? 0) - percentile(extractTimes, 0.99)) <= 1, `p99 ${extract?.p99Ms} vs ${percentile(extractTimes, 0.99)}`)
  assert.equal(extract?.maxMs, extractTimes.at(-1))
  assert.equal(report.stages.find((stage) => stage.stage === 'publish')?.p50Ms, 3, 'publish = broker append time - completedAt')
  assert.equal(report.endToEnd?.documents, processed.length)
  assert.equal(report.endToEnd?.maxMs, Math.max(...processed.map((event) => event.timings.totalMs)))
}

for (const makeEngine of [serverEngine, async () => chdbEngine()]) {
  describe(`stats on ${makeEngine === serverEngine ? 'ClickHouse 18.16' : 'chdb'}`, () => {
    let engine: Engine
    const db = uniqueDatabase('sluice_stats')
    before(async () => {
      engine = await makeEngine()
      await migrate(engine.clickhouse, db)
    })
    after(async () => {
      await engine.clickhouse.exec(`DROP DATABASE IF EXISTS ${db}`)
      await engine.dispose()
    })

    test('every event delivered twice (in one batch, then again in a later batch) is stored and counted once', async () => {
      const all = [...inWindow, ...outside]
      await deliver(engine, db, [...all, ...all], [...deadLetters, ...deadLetters])
      await deliver(engine, db, all, deadLetters)
      // The writer reads nothing first: the later batch's copies are stored again, and collapse.
      const raw = await engine.clickhouse.select<{ n: string | number }>(`SELECT count() AS n FROM ${db}.document_outcomes`)
      assert.ok(Number(raw[0]?.n) >= all.length, 'every document stored')
      const collapsed = await engine.clickhouse.select<{ n: string | number }>(`SELECT count() AS n FROM ${db}.document_outcomes FINAL`)
      assert.equal(Number(collapsed[0]?.n), all.length, 'one row per document after collapsing')
      checkGroundTruth(await collectStats(engine.clickhouse, db, window, { slowest: 3 }))
    })

    test('duplicates that bypass the sink and reach the rollups still count once, in every count and sum', async () => {
      const before = await collectStats(engine.clickhouse, db, window, { slowest: 3 })
      await engine.clickhouse.insert(`${db}.document_outcomes`, inWindow.slice(0, 100).map((event, index) => stampInserted(outcomeRow(event, { partition: 0, offset: index, appendedAtMs: event.completedAt + 3 }), 1)))
      // An older version arriving late (completed 1 ms earlier, other timings): the stored, newer one wins.
      const older = inWindow.slice(100, 140).map((event) => ({ ...event, completedAt: event.completedAt - 1, timings: { ...event.timings, storeMs: event.timings.storeMs + 50 } }))
      await engine.clickhouse.insert(`${db}.document_outcomes`, older.map((event, index) => stampInserted(outcomeRow(event, { partition: 1, offset: index, appendedAtMs: event.completedAt + 3 }), 2)))
      const report = await collectStats(engine.clickhouse, db, window, { slowest: 3 })
      checkGroundTruth(report)
      assert.deepEqual(report.stages.map((stage) => [stage.stage, stage.documents, stage.avgMs]), before.stages.map((stage) => [stage.stage, stage.documents, stage.avgMs]), 'stage sums (means) unchanged')
      assert.equal(report.documents.completed, documentsInWindow)
      assert.equal(report.documents.processed, processed.length)
      assert.equal(report.throughput.docsPerSecond, 10)
      assert.deepEqual(report.failuresByReason, [{ reason: 'corrupt', documents: 15 }, { reason: 'timeout', documents: 15 }])
      assert.deepEqual(report.slowest.map((entry) => entry.documentId), ['doc-000599', 'doc-000598', 'doc-000597'])
    })

    test('every stats query runs, for every series resolution', async () => {
      for (const [span, step] of [[60_000, 1], [7_200_000, 60], [7 * 86_400_000, 3600]] as const) {
        const queries = statsQueries(db, { fromMs: windowStart, toMs: windowStart + span }, { slowest: 5, seriesStepSeconds: step })
        assert.deepEqual(Object.keys(queries), [...statsQueryNames])
        for (const name of statsQueryNames) await engine.clickhouse.select(queries[name])
      }
      const longer = await collectStats(engine.clickhouse, db, { fromMs: windowStart, toMs: windowStart + 7_200_000 })
      assert.equal(longer.throughput.series.stepSeconds, 60)
      assert.equal(longer.throughput.series.points[0]?.docsPerSecond, 10, 'the first minute holds all 600 documents: 10 docs/s')
      assert.equal(longer.documents.completed, documentsInWindow + 2, 'the two documents after the 60 s window are inside the 2 h one')
    })

    test('an empty window reports zeros, no peak and no latency', async () => {
      const report = await collectStats(engine.clickhouse, db, { fromMs: windowStart - 3_600_000, toMs: windowStart - 60_000 })
      assert.equal(report.documents.completed, 0)
      assert.equal(report.throughput.docsPerSecond, 0)
      assert.equal(report.throughput.peak, null)
      assert.equal(report.endToEnd, null)
      assert.match(formatStats(report), /no processed documents in this window/)
    })

    test('the text report reads like "Extraction: 150 ms"', async () => {
      const text = formatStats(await collectStats(engine.clickhouse, db, window, { slowest: 3 }))
      assert.match(text, /Documents: 600 completed, 570 processed, 30 failed/)
      assert.match(text, /Throughput: 10\.00 docs\/s over the window, peak 10\.00 docs\/s/)
      assert.match(text, /Extraction:\s+\d+ ms/)
      assert.match(text, /End to end:/)
      assert.match(text, /EMAIL_ADDRESS\s+570 in 570 docs/, 'document counts and finding sums stay exact')
    })

    test('GET /v1/stats serves the same report and refuses hostile input with 400', async () => {
      const app = Fastify()
      await app.register(statsRoutes, { clickhouse: engine.clickhouse, database: db })
      const reply = await app.inject({ method: 'GET', url: `/v1/stats?from=${window.fromMs / 1000}&to=${window.toMs / 1000}&slowest=3` })
      assert.equal(reply.statusCode, 200)
      assert.deepEqual(reply.json(), JSON.parse(JSON.stringify(await collectStats(engine.clickhouse, db, window, { slowest: 3 }))))
      for (const query of ['since=1h;DROP', 'since=%27%20OR%201=1', 'from=2026-01-01T00:00:00\'--', 'from=99999999999999999999', 'since=1h&from=2026-01-01', 'slowest=1e9', 'slowest=5;--', 'since=1h&since=2h', 'to=2026-01-01T00:00:00Z']) {
        const bad = await app.inject({ method: 'GET', url: `/v1/stats?${query}` })
        assert.equal(bad.statusCode, 400, query)
        assert.equal(bad.json().error.code, 'INVALID_STATS_QUERY')
      }
      await app.close()
    })
    test('a database without the Sluice tables is reported as such (CLI error, HTTP 503), not as a crash', async () => {
      await assert.rejects(collectStats(engine.clickhouse, `${db}_missing`, window), (error: unknown) => isSluiceError(error, 'CLICKHOUSE_SCHEMA_MISSING'))
      const app = Fastify()
      await app.register(statsRoutes, { clickhouse: engine.clickhouse, database: `${db}_missing` })
      const reply = await app.inject({ method: 'GET', url: '/v1/stats?since=5m' })
      assert.equal(reply.statusCode, 503)
      assert.equal(reply.json().error.code, 'CLICKHOUSE_SCHEMA_MISSING')
      await app.close()
    })
  })
}
