// Injection through every GET /v1/stats query parameter, against the real API and a real,
// migrated ClickHouse: every hostile value is a 400 INVALID_STATS_QUERY, answered quickly, and
// afterwards the tables are intact and a plain request still works. (The parsing rules are unit
// tested in test/unit/analytics on both engines; this sweeps the parameters end to end.)
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { clickHouseOptions, createClickHouse, type ClickHouse } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import type { Config } from '../../lib/config/index.ts'
import { apiOptions } from '../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../producers/api/service.ts'
import { ingestTestConfig, removeTestResources, uniqueSuffix } from '../support/ingest.ts'

let config: Config
let api: RunningApi
let clickhouse: ClickHouse
const boundSeconds = 5

before(async () => {
  config = ingestTestConfig({ SLUICE_CLICKHOUSE_DATABASE: `it_hostile_stats_${uniqueSuffix().replace(/-/g, '_')}` })
  clickhouse = createClickHouse(clickHouseOptions(config))
  await migrate(clickhouse, config.clickhouse.database)
  api = await startApi(apiOptions(config, { port: 0 }))
})

after(async () => {
  await api?.stop()
  await clickhouse?.exec(`DROP DATABASE IF EXISTS ${config.clickhouse.database}`).catch(() => {})
  await clickhouse?.close()
  if (config !== undefined) await removeTestResources(config)
})

const payloads = [
  "1h' OR '1'='1", '1h; DROP DATABASE system', "1h')) UNION ALL SELECT name FROM system.tables --", '1h\u0000', '1h%00',
  "2026-01-01T00:00:00Z' --", 'now() - 1', '(SELECT 1)', '1e9', '-1', '0x10', '١٢', 'x'.repeat(10_000), '{{database}}', '$' + '{database}'
]

test('every stats parameter refuses injection with 400 INVALID_STATS_QUERY in bounded time', async () => {
  const tablesBefore = await clickhouse.select<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${config.clickhouse.database}' ORDER BY name`)
  for (const parameter of ['since', 'from', 'to', 'slowest']) {
    for (const payload of payloads) {
      // `to` is only valid next to `from`, so it gets a valid `from` to get past that rule.
      const query = new URLSearchParams(parameter === 'to' ? { from: '2026-01-01T00:00:00Z', to: payload } : { [parameter]: payload })
      const started = performance.now()
      const response = await fetch(`${api.url}/v1/stats?${query.toString()}`, { headers: { authorization: 'Bearer it-key-one' } })
      const seconds = (performance.now() - started) / 1000
      const json = await response.json() as { error?: { code: string } }
      assert.equal(response.status, 400, `${parameter}=${payload.slice(0, 40)}: ${JSON.stringify(json).slice(0, 200)}`)
      assert.equal(json.error?.code, 'INVALID_STATS_QUERY', `${parameter}=${payload.slice(0, 40)}`)
      assert.ok(seconds < boundSeconds, `${parameter}: answered in ${seconds.toFixed(2)} s`)
    }
  }
  for (const query of ['since=1h&since=2h', 'slowest=1&slowest=2', 'from=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z']) {
    const response = await fetch(`${api.url}/v1/stats?${query}`, { headers: { authorization: 'Bearer it-key-one' } })
    assert.equal(response.status, 400, query)
  }
  const tablesAfter = await clickhouse.select<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${config.clickhouse.database}' ORDER BY name`)
  assert.deepEqual(tablesAfter, tablesBefore, 'no table was dropped or added')
  const plain = await fetch(`${api.url}/v1/stats?since=5m&slowest=3`, { headers: { authorization: 'Bearer it-key-one' } })
  assert.equal(plain.status, 200)
})
