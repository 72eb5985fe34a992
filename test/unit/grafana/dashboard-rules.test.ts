// Static rules every dashboard query must follow, so a new panel cannot quietly bring back the
// prototype's mistakes (per-second numbers from raw counters, windows shorter than the scrape
// interval allows, SQL that the 18.16 server cannot run, dashboards scanning raw rows).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { extractQueries } from '../../../grafana/dashboard-queries.ts'
import { repositoryPath } from '../../support/repository.ts'
import { findingsSql, latestDocumentsSql, stageDurationsSql, type WindowSql } from '../../../lib/analytics/latest.ts'

const grafanaDir = repositoryPath('grafana')
const dashboards = readdirSync(join(grafanaDir, 'dashboards')).filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, json: JSON.parse(readFileSync(join(grafanaDir, 'dashboards', name), 'utf8')) }))
const queries = dashboards.flatMap(({ name, json }) => extractQueries(json).map((query) => ({ ...query, dashboard: name })))
const promql = queries.filter((query) => query.language === 'promql')
const sql = queries.filter((query) => query.language === 'clickhouse')
const label = (query: { dashboard: string, panelTitle: string, refId: string }): string => `${query.dashboard} "${query.panelTitle}" ${query.refId}`

test('both dashboards exist and every panel has a query', () => {
  assert.deepEqual(dashboards.map(({ name }) => name).sort(), ['clickhouse-analytics.json', 'pipeline-overview.json'])
  for (const { name, json } of dashboards) {
    for (const panel of json.panels.filter((candidate: { type: string }) => candidate.type !== 'row')) {
      assert.ok((panel.targets ?? []).length > 0, `${name} panel "${panel.title}" has no query`)
    }
  }
})

test('counters are only read through rate() or increase(), over $__rate_interval', () => {
  for (const query of promql) {
    const withoutRates = query.text.replace(/(rate|increase)\([^[]*\[[^\]]*\]\)/g, '')
    assert.doesNotMatch(withoutRates, /_total\b/, `${label(query)} reads a counter without rate(): ${query.text}`)
    for (const [, window] of query.text.matchAll(/\[([^\]]*)\]/g)) {
      assert.equal(window, '$__rate_interval', `${label(query)} uses a fixed window [${window}]`)
    }
  }
})

test('histogram quantiles sum the buckets by le before estimating', () => {
  for (const query of promql.filter((candidate) => candidate.text.includes('_bucket'))) {
    assert.match(query.text, /histogram_quantile\(0\.\d+, sum by \(([a-z_]+, )*le\) \(rate\(/, label(query))
  }
})

test('every Prometheus selector honours the instance filter', () => {
  for (const query of promql) {
    for (const selector of query.text.matchAll(/\b(sluice_[a-z_]+|up)\{([^}]*)\}/g)) {
      assert.match(selector[2] ?? '', /instance=~"\$instance"/, `${label(query)}: ${selector[0]}`)
    }
    assert.doesNotMatch(query.text, /\b(sluice_[a-z_]+|up)(\[|\)|\s)/, `${label(query)} has a selector without labels`)
  }
})

test('ClickHouse queries are time-bounded, portable to 18.16 and read rollups (raw rows only for the slowest documents, picked from the rollups)', () => {
  for (const query of sql) {
    assert.match(query.text, /\$__timeFilter\(/, `${label(query)} is not bounded by the dashboard time range`)
    assert.doesNotMatch(query.text, /\$__timeInterval|toStartOfInterval|WITH FILL|\{[a-z_]+:[A-Za-z0-9]+\}/, `${label(query)} uses SQL that ClickHouse 18.16 lacks`)
    const tables = [...query.text.matchAll(/\$\{database\}\.([a-z_]+)/g)].map((match) => match[1])
    assert.ok(tables.length > 0, `${label(query)} names its table through \${database}`)
    for (const table of tables) {
      if (query.panelTitle === 'Slowest documents' && table === 'document_outcomes') continue
      assert.match(table ?? '', /_per_(second|minute)$/, `${label(query)} scans ${table} instead of a rollup`)
    }
  }
})

test('dashboards use the provisioned data sources', () => {
  const provisioned = parse(readFileSync(join(grafanaDir, 'provisioning/datasources/sluice.yaml'), 'utf8')) as { datasources: Array<{ uid: string, type: string }> }
  const known = new Map(provisioned.datasources.map((source) => [source.uid, source.type]))
  assert.equal(known.get('sluice-prometheus'), 'prometheus')
  assert.equal(known.get('sluice-clickhouse'), 'grafana-clickhouse-datasource')
  for (const { name, json } of dashboards) {
    for (const panel of json.panels.filter((candidate: { type: string }) => candidate.type !== 'row')) {
      for (const target of [panel, ...panel.targets]) {
        assert.equal(known.get(target.datasource.uid), target.datasource.type, `${name} "${panel.title}" uses ${JSON.stringify(target.datasource)}`)
      }
    }
  }
  const providers = parse(readFileSync(join(grafanaDir, 'provisioning/dashboards/sluice.yaml'), 'utf8')) as { providers: Array<{ type: string, options: { path: string } }> }
  assert.equal(providers.providers[0]?.type, 'file')
})

test('rollups are read the one way (lib/analytics/latest.ts: newest version per document), never from merged states directly', () => {
  const grafanaWindow: WindowSql = { from: '$__fromTime', within: (column) => `$__timeFilter(${column})` }
  // Longest first: the stage and findings readers contain the latest-documents subquery.
  const database = '$' + '{database}'
  const allowed = [stageDurationsSql(database, grafanaWindow), findingsSql(database, grafanaWindow), latestDocumentsSql(database, 'second', grafanaWindow)]
  for (const query of sql) {
    assert.doesNotMatch(query.text, /\b(sumMerge|quantilesMerge|maxMerge|uniqExactMerge|uniqExactMergeIf)\(/, `${label(query)} reads a state that counts a redelivered document twice`)
    let rest = query.text
    for (const expression of allowed) rest = rest.split(expression).join('')
    assert.doesNotMatch(rest, /_state\b|groupUniqArrayMerge/, `${label(query)} reads a rollup state other than through lib/analytics/latest.ts`)
  }
})
