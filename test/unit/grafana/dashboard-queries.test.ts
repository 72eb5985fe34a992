/* eslint-disable no-template-curly-in-string -- Grafana writes its variables as ${name} inside query text */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dashboardVariables, expandClickHouseSql, expandPromQL, extractQueries, formatDuration, rateIntervalMs } from '../../../grafana/dashboard-queries.ts'

const range = { fromMs: 1_764_000_000_000, toMs: 1_764_000_300_500, intervalMs: 15_000, scrapeIntervalMs: 5000, variables: { database: 'sluice_test' } }

test('queries come from every panel, including panels inside collapsed rows, with their data source language', () => {
  const dashboard = {
    panels: [
      { id: 1, title: 'Docs/s', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'sum(rate(x[1m]))' }, { refId: 'B', expr: 'y', hide: true }] },
      {
        id: 2,
        title: 'Row',
        type: 'row',
        panels: [{ id: 3, title: 'Rollup', datasource: { type: 'grafana-clickhouse-datasource', uid: 'c' }, targets: [{ refId: 'A', rawSql: 'SELECT 1', editorType: 'sql' }] }]
      },
      { id: 4, title: 'Lag', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'max(lag)', instant: true }] }
    ]
  }
  assert.deepEqual(extractQueries(dashboard), [
    { panelId: 1, panelTitle: 'Docs/s', refId: 'A', language: 'promql', text: 'sum(rate(x[1m]))', instant: false },
    { panelId: 3, panelTitle: 'Rollup', refId: 'A', language: 'clickhouse', text: 'SELECT 1', instant: false },
    { panelId: 4, panelTitle: 'Lag', refId: 'A', language: 'promql', text: 'max(lag)', instant: true }
  ])
})

test('a target with an unknown data source or no query text is an error, not silently skipped', () => {
  assert.throws(() => extractQueries({ panels: [{ id: 1, title: 'x', datasource: { type: 'loki' }, targets: [{ refId: 'A', expr: 'y' }] }] }), /data source type "loki"/)
  assert.throws(() => extractQueries({ panels: [{ id: 1, title: 'x', datasource: { type: 'prometheus' }, targets: [{ refId: 'A' }] }] }), /has no expr/)
})

test('durations print in the largest whole unit, like Grafana intervals', () => {
  assert.equal(formatDuration(15_000), '15s')
  assert.equal(formatDuration(60_000), '1m')
  assert.equal(formatDuration(90_000), '90s')
  assert.equal(formatDuration(7_200_000), '2h')
  assert.equal(formatDuration(250), '250ms')
})

test('$__rate_interval is max(interval + scrape interval, 4 x scrape interval)', () => {
  assert.equal(rateIntervalMs(range), 20_000)
  assert.equal(rateIntervalMs({ ...range, intervalMs: 60_000 }), 65_000)
})

test('PromQL: $__rate_interval, $__interval and $__range expand; unknown variables are errors', () => {
  assert.equal(
    expandPromQL('sum by (door) (rate(sluice_processor_documents_total[$__rate_interval])) / $__range_s + ${__interval_ms} + max_over_time(x[$__interval])', range),
    'sum by (door) (rate(sluice_processor_documents_total[20s])) / 300 + 15000 + max_over_time(x[15s])'
  )
  assert.throws(() => expandPromQL('rate(x[$window])', range), /unknown macro or variable "\$window"/)
})

test('ClickHouse: the plugin macros expand to the plugin\'s SQL, variables first', () => {
  const sql = 'SELECT toDateTime(intDiv(toUInt32(second), $__interval_s) * $__interval_s) AS t FROM ${database}.docs_per_second WHERE $__timeFilter(second) AND day BETWEEN $__fromTime AND $__toTime'
  assert.equal(
    expandClickHouseSql(sql, range),
    'SELECT toDateTime(intDiv(toUInt32(second), 15) * 15) AS t FROM sluice_test.docs_per_second WHERE second >= toDateTime(1764000000) AND second <= toDateTime(1764000300) AND day BETWEEN toDateTime(1764000000) AND toDateTime(1764000300)'
  )
})

test('ClickHouse: macros with nested parentheses and two arguments', () => {
  assert.equal(expandClickHouseSql('WHERE $__timeFilter(toDateTime(intDiv(ts, 1000)))', range), 'WHERE toDateTime(intDiv(ts, 1000)) >= toDateTime(1764000000) AND toDateTime(intDiv(ts, 1000)) <= toDateTime(1764000300)')
  assert.equal(expandClickHouseSql('WHERE $__dateTimeFilter(d, t)', range), "WHERE (d >= toDate('2025-11-24') AND d <= toDate('2025-11-24')) AND (t >= toDateTime(1764000000) AND t <= toDateTime(1764000300))")
  assert.equal(expandClickHouseSql('$__timeInterval(t)', range), 'toStartOfInterval(toDateTime(t), INTERVAL 15 second)')
  assert.equal(expandClickHouseSql('x > ${__from} AND x < ${__to:date:seconds}', range), 'x > 1764000000000 AND x < 1764000300')
})

test('ClickHouse: unknown macros, wrong argument counts and unbalanced parentheses are errors', () => {
  assert.throws(() => expandClickHouseSql('WHERE $__timeFilterX(t)', range), /does not define/)
  assert.throws(() => expandClickHouseSql('WHERE $__timeFilter(a, b)', range), /expects 1 argument/)
  assert.throws(() => expandClickHouseSql('WHERE $__timeFilter(a', range), /unbalanced/)
  assert.throws(() => expandClickHouseSql('FROM ${db}.t', range), /unknown macro or variable/)
})

test('dashboard variables default to their current value, else their query', () => {
  assert.deepEqual(dashboardVariables({ templating: { list: [{ name: 'database', query: 'sluice', current: { value: 'sluice' } }, { name: 'quantile', query: '0.99' }] } }), { database: 'sluice', quantile: '0.99' })
})
