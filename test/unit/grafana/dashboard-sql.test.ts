// Every SQL query of the ClickHouse dashboard, macros expanded, runs on ClickHouse 18.16 (the
// local server) and on the modern engine (chdb) against the real migrations, over outcomes
// with a known shape, and the throughput panels report exactly that shape.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { migrate } from '../../../lib/clickhouse/migrate.ts'
import { expandClickHouseSql, extractQueries, type QueryTimeRange } from '../../../grafana/dashboard-queries.ts'
import { chdbEngine, serverEngine, uniqueDatabase, type Engine } from '../../support/clickhouse.ts'
import { repositoryPath } from '../../support/repository.ts'

const dashboard = JSON.parse(readFileSync(repositoryPath('grafana/dashboards/clickhouse-analytics.json'), 'utf8'))
const queries = extractQueries(dashboard)

// 3 documents a second for 60 seconds (api, bucket, topic in turn), every 10th one failed as
// corrupt, each with 2 e-mail findings; then the same events delivered a second time.
const flowStartSeconds = 1_764_000_000
const flowSeconds = 60
const perSecond = 3

function outcome (index: number): Record<string, unknown> {
  const second = flowStartSeconds + Math.floor(index / perSecond)
  const failed = index % 10 === 0
  const completedMs = second * 1000 + (index % perSecond) * 100
  return {
    document_id: `doc-${index}`,
    source: ['api', 'bucket', 'topic'][index % 3],
    status: failed ? 'failed' : 'processed',
    failure_reason: failed ? 'corrupt' : '',
    failure_message: '',
    bucket: 'sluice-inbox',
    object_key: `k${index}.pdf`,
    size_bytes: 1000,
    sha256: '',
    pages: 1,
    chars: 100,
    pii_types: failed ? [] : ['email'],
    pii_counts: failed ? [] : [2],
    result_bucket: '',
    result_key: '',
    received_at_ms: completedMs - 50,
    started_at_ms: completedMs - 40,
    completed_at_ms: completedMs,
    published_at_ms: completedMs + 5,
    inserted_at_ms: completedMs + 10,
    completed_at: second,
    queue_ms: 10,
    fetch_ms: 5,
    extract_ms: 20 + (index % 7),
    redact_ms: 10,
    store_ms: 5,
    publish_ms: 5,
    insert_ms: 5,
    total_ms: 50 + index / 10,
    host: 'test:1',
    received_partition: index % 12,
    received_offset: index,
    attempt: 1,
    event_partition: index % 12,
    event_offset: index,
    version: 1
  }
}

const range: QueryTimeRange = {
  fromMs: (flowStartSeconds - 30) * 1000,
  toMs: (flowStartSeconds + flowSeconds + 30) * 1000,
  intervalMs: 10_000,
  scrapeIntervalMs: 5000
}

for (const makeEngine of [serverEngine, async () => chdbEngine()]) {
  describe(`ClickHouse dashboard SQL on ${makeEngine === serverEngine ? 'ClickHouse 18.16' : 'chdb'}`, () => {
    let engine: Engine
    const database = uniqueDatabase('sluice_dashboards')
    const run = async (title: string): Promise<Array<Record<string, unknown>>> => {
      const query = queries.find((candidate) => candidate.panelTitle === title)
      assert.ok(query, `panel "${title}" exists`)
      return engine.clickhouse.select<Record<string, unknown>>(expandClickHouseSql(query.text, { ...range, variables: { database } }))
    }

    before(async () => {
      engine = await makeEngine()
      await migrate(engine.clickhouse, database)
      const rows = Array.from({ length: flowSeconds * perSecond }, (_, index) => outcome(index))
      await engine.clickhouse.insert(`${database}.document_outcomes`, rows)
      // A redelivery (the sink inserts without reading first) must not inflate document counts.
      await engine.clickhouse.insert(`${database}.document_outcomes`, rows.slice(0, 30))
    })
    after(async () => {
      await engine.clickhouse.exec(`DROP DATABASE IF EXISTS ${database}`)
      await engine.dispose()
    })

    test('every query runs and returns rows', async () => {
      assert.ok(queries.length >= 8, `found ${queries.length} queries`)
      for (const query of queries) {
        const rows = await engine.clickhouse.select(expandClickHouseSql(query.text, { ...range, variables: { database } }))
        assert.ok(rows.length > 0, `panel "${query.panelTitle}" returned no rows`)
      }
    })

    test('docs/s by door is time-filled and exact: 1 doc/s per door inside the flow, 0 outside', async () => {
      const rows = await run('Documents per second by door')
      const expectedBuckets = Math.floor(range.toMs / 10_000) - Math.floor(range.fromMs / 10_000) + 1
      assert.equal(rows.length, expectedBuckets, 'one row per 10 s bucket across the whole range')
      for (const row of rows) {
        const bucketStart = Number(new Date(`${String(row.t)}Z`).getTime() / 1000)
        const inside = bucketStart >= flowStartSeconds && bucketStart + 10 <= flowStartSeconds + flowSeconds
        const outside = bucketStart + 10 <= flowStartSeconds || bucketStart >= flowStartSeconds + flowSeconds
        for (const door of ['api', 'bucket', 'topic']) {
          if (inside) assert.equal(Number(row[door]), 1, `${door} at ${String(row.t)}`)
          if (outside) assert.equal(Number(row[door]), 0, `${door} at ${String(row.t)}`)
        }
      }
    })

    test('average and peak docs/s over the range count each document once', async () => {
      const [summary] = await run('Documents, average and peak rate in range')
      assert.equal(Number(summary?.documents), flowSeconds * perSecond)
      assert.equal(Number(summary?.bytes), flowSeconds * perSecond * 1000, 'bytes summed once per document')
      assert.equal(Number(summary?.pages), flowSeconds * perSecond, 'pages summed once per document')
      assert.equal(Number(summary?.peak_docs_per_second), perSecond)
      const rangeSeconds = (range.toMs - range.fromMs) / 1000
      assert.ok(Math.abs(Number(summary?.average_docs_per_second) - (flowSeconds * perSecond) / rangeSeconds) < 1e-9)
    })

    test('failures by reason and redactions by type match what was inserted', async () => {
      assert.deepEqual((await run('Failures by reason')).map((row) => [row.reason, Number(row.documents)]), [['corrupt', 18]])
      const [email] = await run('Redactions by PII type')
      assert.equal(email?.pii_type, 'email')
      assert.equal(Number(email?.documents), 162)
      assert.equal(Number(email?.findings), 162 * 2, 'findings summed once per document')
    })

    test('per-stage means and maxima count each redelivered document once', async () => {
      const processed = Array.from({ length: flowSeconds * perSecond }, (_, index) => index).filter((index) => index % 10 !== 0)
      const extract = (await run('Per-stage latency in range')).find((row) => row.stage === 'extract')
      const expectedMean = processed.reduce((sum, index) => sum + 20 + (index % 7), 0) / processed.length
      assert.equal(Number(extract?.documents), processed.length)
      assert.equal(Number(extract?.mean_ms), Math.round(expectedMean * 100) / 100)
      assert.equal(Number(extract?.max_ms), 26)
    })

    test('slowest documents come first, one row per document', async () => {
      const rows = await run('Slowest documents')
      assert.equal(rows.length, 20)
      assert.equal(rows[0]?.document_id, 'doc-179')
      assert.equal(new Set(rows.map((row) => row.document_id)).size, 20)
    })
  })
}
