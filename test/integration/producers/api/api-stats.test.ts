import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { clickHouseOptions, createClickHouse, type ClickHouse } from '../../../../lib/clickhouse/client.ts'
import { migrate } from '../../../../lib/clickhouse/migrate.ts'
import type { Config } from '../../../../lib/config/index.ts'
import { apiOptions } from '../../../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../../../producers/api/service.ts'
import { ingestTestConfig, removeTestResources, uniqueSuffix } from '../../../support/ingest.ts'

// GET /v1/stats is the analytics report of `sluice stats --json`, served by the API from the
// real ClickHouse. The report itself is tested in test/unit/analytics; this checks the wiring.
let config: Config
let api: RunningApi
let clickhouse: ClickHouse
const auth = { authorization: 'Bearer it-key-one' }

before(async () => {
  config = ingestTestConfig({ SLUICE_CLICKHOUSE_DATABASE: `it_api_stats_${uniqueSuffix().replace(/-/g, '_')}` })
  clickhouse = createClickHouse(clickHouseOptions(config))
  api = await startApi(apiOptions(config, { port: 0 }))
})

after(async () => {
  await api?.stop()
  await clickhouse?.exec(`DROP DATABASE IF EXISTS ${config.clickhouse.database}`).catch(() => {})
  await clickhouse?.close()
  if (config !== undefined) await removeTestResources(config)
})

async function stats (query: string, headers: Record<string, string> = auth): Promise<{ status: number, json: any }> {
  const response = await fetch(`${api.url}/v1/stats${query}`, { headers })
  return { status: response.status, json: await response.json() }
}

test('stats need an API key', async () => {
  const reply = await stats('?since=5m', {})
  assert.equal(reply.status, 401)
  assert.equal(reply.json.error.code, 'UNAUTHORIZED')
})

test('before the tables exist the API answers 503 naming the missing schema', async () => {
  const reply = await stats('?since=5m')
  assert.equal(reply.status, 503)
  assert.equal(reply.json.error.code, 'CLICKHOUSE_SCHEMA_MISSING')
})

test('after migrating, the report covers the requested window', async () => {
  await migrate(clickhouse, config.clickhouse.database)
  const reply = await stats('?since=10m')
  assert.equal(reply.status, 200)
  // The window is rounded out to whole seconds, so it covers the last 10 minutes in full.
  assert.ok(reply.json.window.seconds === 600 || reply.json.window.seconds === 601, `window of ${reply.json.window.seconds} s`)
  assert.equal(reply.json.documents.completed, 0)
  assert.equal(reply.json.throughput.docsPerSecond, 0)
  assert.ok(Array.isArray(reply.json.stages))
})

test('hostile query values are rejected before they reach SQL', async () => {
  for (const query of ["?since=5m'%3B DROP TABLE x --", '?since=99999999999999999999h', '?from=now()&to=1', '?slowest=1e9']) {
    const reply = await stats(query)
    assert.equal(reply.status, 400, query)
    assert.equal(reply.json.error.code, 'INVALID_STATS_QUERY', query)
  }
})
