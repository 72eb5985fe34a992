// Redelivery against real ClickHouse (the local stack's server and chdb, the modern engine): the
// sink writes without reading first, so every kind of redelivery reaches the tables, and every
// reader must still count each document once, with its newest version. Outcomes go through the
// sink's own buffer and writer in batches composed the way Kafka redelivers them:
// - the same events again in differently composed batches, later (a sink crash mid-batch, a
//   retried insert whose first attempt had succeeded);
// - a second outcome for a document with another completedAt and other timings (a processor
//   SIGKILL before its commit), some of them failed this time, one completed after the window;
// - an older version arriving last (it must not win).
// Then the stats report (`sluice stats`, GET /v1/stats) and every Grafana ClickHouse panel must
// equal the ground truth computed here from the newest event of each document.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createSinkBuffer } from '../../../../consumers/sink/buffer.ts'
import { outcomeRow } from '../../../../consumers/sink/rows.ts'
import { writeBatch } from '../../../../consumers/sink/writer.ts'
import { collectStats } from '../../../../lib/analytics/stats.ts'
import { clickHouseOptions, createClickHouse } from '../../../../lib/clickhouse/client.ts'
import { listMigrations, migrate } from '../../../../lib/clickhouse/migrate.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import type { DocumentProcessed } from '../../../../lib/events/types.ts'
import { expandClickHouseSql, extractQueries } from '../../../../grafana/dashboard-queries.ts'
import { chdbEngine, uniqueDatabase, type Engine } from '../../../support/clickhouse.ts'
import { processedEvent } from '../../../support/events.ts'
import { repositoryPath } from '../../../support/repository.ts'

const windowStart = Date.UTC(2026, 2, 1, 12, 0, 0)
const window = { fromMs: windowStart, toMs: windowStart + 60_000 }
const sources = ['api', 'bucket', 'topic'] as const

// 120 documents, one every 500 ms; every 10th failed as corrupt.
const firstOutcomes = Array.from({ length: 120 }, (_, index) => processedEvent({
  index,
  completedAt: windowStart + index * 500,
  source: sources[index % 3],
  ...(index % 10 === 0 ? { failureReason: 'corrupt' } as const : {})
}))
const reprocess = (event: DocumentProcessed, afterMs: number, changes: Partial<DocumentProcessed> = {}): DocumentProcessed => ({
  ...event,
  completedAt: event.completedAt + afterMs,
  timings: { ...event.timings, extractMs: event.timings.extractMs + 1000, totalMs: event.timings.totalMs + 1000 },
  attempt: 2,
  ...changes
})
// Processed again 700 ms later (often in the next second) with other timings.
const processedAgain = firstOutcomes.slice(0, 30).map((event) => reprocess(event, 700))
// Failed this time: a newer failed outcome replaces a processed one.
const failedAgain = firstOutcomes.slice(41, 46).map((event) => reprocess(event, 300, { status: 'failed', failureReason: 'timeout', failureMessage: 'timeout', piiCounts: {}, resultBucket: null, resultKey: null }))
// Completed again after the window: the document belongs to the next window, not to this one.
const completedLater = [reprocess(firstOutcomes[117] as DocumentProcessed, 10_000)]
// An older outcome arriving last, failed and very slow: must change nothing.
const lateOlder = firstOutcomes.slice(60, 80).map((event) => reprocess(event, -2000, { status: 'failed', failureReason: 'crashed', failureMessage: 'crashed', piiCounts: {}, timings: { ...event.timings, extractMs: 999_999, totalMs: 999_999 } }))

/** The ground truth: each document's newest outcome. */
const newest = new Map<string, DocumentProcessed>()
for (const event of [...firstOutcomes, ...processedAgain, ...failedAgain, ...completedLater, ...lateOlder]) {
  const held = newest.get(event.documentId)
  if (held === undefined || held.completedAt < event.completedAt) newest.set(event.documentId, event)
}
const truth = [...newest.values()].filter((event) => event.completedAt >= window.fromMs && event.completedAt < window.toMs)
const truthProcessed = truth.filter((event) => event.status === 'processed')
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0)

/** The sink's buffer and writer, one batch per slice of `size` events (offsets as Kafka would give them). */
async function deliver (engine: Engine, db: string, events: DocumentProcessed[], size: number, insertedAt: number): Promise<void> {
  for (let start = 0; start < events.length; start += size) {
    const buffer = createSinkBuffer()
    events.slice(start, start + size).forEach((event, offset) => {
      buffer.addOutcome(outcomeRow(event, { partition: 0, offset: start + offset, appendedAtMs: event.completedAt + 3 }), 'processed', 0, start + offset, 0)
    })
    await writeBatch(engine.clickhouse, db, buffer.take(), () => insertedAt)
  }
}

function stackEngine (): Engine {
  const clickhouse = createClickHouse(clickHouseOptions(loadConfig()))
  return { name: 'local stack ClickHouse', clickhouse, dispose: async () => clickhouse.close() }
}

const panels = extractQueries(JSON.parse(readFileSync(repositoryPath('grafana/dashboards/clickhouse-analytics.json'), 'utf8')))

for (const makeEngine of [stackEngine, chdbEngine]) {
  describe(`redelivered outcomes on ${makeEngine === stackEngine ? 'the local stack\'s ClickHouse' : 'chdb'}`, () => {
    let engine: Engine
    const db = uniqueDatabase('it_redelivery')
    before(async () => {
      engine = makeEngine()
      // The first deliveries land in the schema before 006, which then rebuilds the rollups from them.
      await migrate(engine.clickhouse, db, (await listMigrations()).filter((migration) => migration.version < 6))
      await deliver(engine, db, firstOutcomes, 25, windowStart + 70_000)
      assert.ok((await migrate(engine.clickhouse, db)).applied.some((migration) => migration.version === 6), '006 applied over stored outcomes')
      // The same events again, in other batches and another order, written later.
      await deliver(engine, db, [...firstOutcomes].reverse(), 40, windowStart + 80_000)
      await deliver(engine, db, [...processedAgain, ...failedAgain, ...completedLater, ...firstOutcomes.slice(0, 10)], 16, windowStart + 90_000)
      await deliver(engine, db, lateOlder, 7, windowStart + 100_000)
    })
    after(async () => {
      await engine.clickhouse.exec(`DROP DATABASE IF EXISTS ${db}`)
      await engine.dispose()
    })

    test('the raw table keeps one row per document: its newest version', async () => {
      const rows = await engine.clickhouse.select<{ document_id: string, completed_at_ms: string | number }>(`SELECT document_id, completed_at_ms FROM ${db}.document_outcomes FINAL ORDER BY document_id`)
      assert.deepEqual(rows.map((row) => [row.document_id, Number(row.completed_at_ms)]), [...newest.values()].map((event) => [event.documentId, event.completedAt]).sort())
    })

    test('the stats report counts each document once, with its newest outcome', async () => {
      const report = await collectStats(engine.clickhouse, db, window, { slowest: 5 })
      assert.equal(report.documents.completed, truth.length)
      assert.equal(report.documents.processed, truthProcessed.length)
      assert.equal(report.documents.failed, truth.length - truthProcessed.length)
      assert.equal(report.documents.bytes, sum(truth.map((event) => event.size)))
      assert.equal(report.documents.pages, sum(truth.map((event) => event.pages)))
      assert.equal(report.documents.chars, sum(truth.map((event) => event.chars)))
      assert.deepEqual(report.failuresByReason, [
        { reason: 'corrupt', documents: truth.filter((event) => event.failureReason === 'corrupt').length },
        { reason: 'timeout', documents: failedAgain.length }
      ])
      for (const source of sources) {
        const ofSource = truth.filter((event) => event.source === source)
        assert.deepEqual(report.bySource.find((entry) => entry.source === source), { source, processed: ofSource.filter((event) => event.status === 'processed').length, failed: ofSource.filter((event) => event.status === 'failed').length })
      }
      // The series counts each document in the second of its newest completion only.
      const perSecond = new Map<number, number>()
      for (const event of truth) perSecond.set(Math.floor(event.completedAt / 1000) * 1000, (perSecond.get(Math.floor(event.completedAt / 1000) * 1000) ?? 0) + 1)
      assert.deepEqual(report.throughput.series.points.map((point) => point.docsPerSecond), report.throughput.series.points.map((point) => perSecond.get(Date.parse(point.at)) ?? 0))
      assert.equal(sum(report.throughput.series.points.map((point) => point.docsPerSecond)), truth.length)
      assert.equal(report.throughput.peak?.docsPerSecond, Math.max(...perSecond.values()))

      const extract = report.stages.find((stage) => stage.stage === 'extract')
      const extractTimes = truthProcessed.map((event) => event.timings.extractMs)
      assert.equal(extract?.documents, truthProcessed.length)
      assert.equal(extract?.avgMs, Math.round(sum(extractTimes) / extractTimes.length * 10) / 10)
      assert.equal(extract?.maxMs, Math.max(...extractTimes))
      assert.equal(report.endToEnd?.maxMs, Math.max(...truthProcessed.map((event) => event.timings.totalMs)))
      for (const stage of [...report.stages, report.endToEnd]) assert.equal(stage?.documents, truthProcessed.length, `${stage?.stage} counts each processed document once`)

      const withPhone = truthProcessed.filter((event) => (event.piiCounts.PHONE_NUMBER ?? 0) > 0)
      assert.deepEqual(report.redactions, [
        { type: 'EMAIL_ADDRESS', findings: truthProcessed.length, documents: truthProcessed.length },
        { type: 'PHONE_NUMBER', findings: withPhone.length, documents: withPhone.length }
      ])
      const slowest = [...truth].sort((a, b) => b.timings.totalMs - a.timings.totalMs || (a.documentId < b.documentId ? -1 : 1)).slice(0, 5)
      assert.deepEqual(report.slowest.map((entry) => [entry.documentId, entry.totalMs, entry.completedAt]), slowest.map((event) => [event.documentId, event.timings.totalMs, new Date(event.completedAt).toISOString()]))
    })

    test('the document completed again after the window counts in the next window, once', async () => {
      const next = await collectStats(engine.clickhouse, db, { fromMs: window.toMs, toMs: window.toMs + 60_000 })
      assert.equal(next.documents.completed, 1)
      const both = await collectStats(engine.clickhouse, db, { fromMs: window.fromMs - 60_000, toMs: window.toMs + 60_000 })
      assert.equal(both.documents.completed, newest.size)
      assert.equal(both.documents.bytes, sum([...newest.values()].map((event) => event.size)))
    })

    test('every Grafana ClickHouse panel gives the same exact figures', async () => {
      // $__timeFilter includes its end second: end the range one second early to match [from, to).
      const range = { fromMs: window.fromMs, toMs: window.toMs - 1000, intervalMs: 10_000, scrapeIntervalMs: 5000, variables: { database: db } }
      const run = async (title: string): Promise<Array<Record<string, unknown>>> => {
        const panel = panels.find((candidate) => candidate.panelTitle === title)
        assert.ok(panel, title)
        return await engine.clickhouse.select(expandClickHouseSql(panel.text, range))
      }
      const [summary] = await run('Documents, average and peak rate in range')
      assert.equal(Number(summary?.documents), truth.length)
      assert.equal(Number(summary?.bytes), sum(truth.map((event) => event.size)))
      assert.equal(Number(summary?.pages), sum(truth.map((event) => event.pages)))
      const doors = await run('Documents per second by door')
      for (const source of sources) assert.equal(Math.round(sum(doors.map((row) => Number(row[source]) * 10))), truth.filter((event) => event.source === source).length, source)
      const statuses = await run('Processed and failed per second')
      assert.equal(Math.round(sum(statuses.map((row) => Number(row.failed) * 10))), truth.length - truthProcessed.length)
      assert.deepEqual((await run('Failures by reason')).map((row) => [row.reason, Number(row.documents)]).sort(), [['corrupt', truth.filter((event) => event.failureReason === 'corrupt').length], ['timeout', failedAgain.length]])
      const extract = (await run('Per-stage latency in range')).find((row) => row.stage === 'extract')
      const extractTimes = truthProcessed.map((event) => event.timings.extractMs)
      assert.equal(Number(extract?.documents), truthProcessed.length)
      assert.equal(Number(extract?.mean_ms), Math.round(sum(extractTimes) / extractTimes.length * 100) / 100)
      assert.equal(Number(extract?.max_ms), Math.max(...extractTimes))
      const email = (await run('Redactions by PII type')).find((row) => row.pii_type === 'EMAIL_ADDRESS')
      assert.deepEqual([Number(email?.findings), Number(email?.documents)], [truthProcessed.length, truthProcessed.length])
      const slowest = await run('Slowest documents')
      assert.equal(new Set(slowest.map((row) => row.document_id)).size, slowest.length, 'one row per document')
      assert.ok(slowest.every((row) => Number(row.total_ms) < 999_999), 'no late older version shows')
    })
  })
}
