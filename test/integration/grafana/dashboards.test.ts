// Every query of both Grafana dashboards, read from their JSON with Grafana's macros expanded
// for a fixed time range, runs against the real local Prometheus and ClickHouse while a real
// pipeline processes documents; each returns data, and the docs/s panels agree with ground
// truth (per-document completion times in the raw ClickHouse table) within 5%.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { dashboardVariables, expandClickHouseSql, expandPromQL, extractQueries, rateIntervalMs, type DashboardQuery, type QueryTimeRange } from '../../../grafana/dashboard-queries.ts'
import type { Producer } from 'kafkajs'
import { createKafka } from '../../../lib/kafka/client.ts'
import { onePagePdf } from '../../support/ingest.ts'
import { waitFor } from '../../support/wait.ts'
import { startPipelineFlow, waitForScrapes, type PipelineFlow } from '../../support/pipeline-flow.ts'
import { repositoryPath } from '../../support/repository.ts'

const dashboardsDir = repositoryPath('grafana/dashboards')
const readDashboard = (name: string): { panels?: [], templating?: { list?: [] } } => JSON.parse(readFileSync(join(dashboardsDir, name), 'utf8'))
const pipelineDashboard = readDashboard('pipeline-overview.json')
const analyticsDashboard = readDashboard('clickhouse-analytics.json')

const docsPerSecond = 4
const flowSeconds = 60
const tolerance = 0.05

type PromSeries = Array<{ metric: Record<string, string>, values?: Array<[number, string]>, value?: [number, string] }>

async function prometheus (url: string, query: DashboardQuery, range: QueryTimeRange): Promise<PromSeries> {
  const expr = expandPromQL(query.text, range)
  const params: Record<string, string> = query.instant
    ? { query: expr, time: String(range.toMs / 1000) }
    : { query: expr, start: String(range.fromMs / 1000), end: String(range.toMs / 1000), step: String(range.intervalMs / 1000) }
  const response = await fetch(`${url}/api/v1/${query.instant ? 'query' : 'query_range'}`, { method: 'POST', body: new URLSearchParams(params) })
  const body = await response.json() as { status: string, error?: string, data: { result: PromSeries } }
  assert.equal(body.status, 'success', `panel "${query.panelTitle}": ${body.error ?? ''}\n${expr}`)
  return body.data.result
}

async function clickhouse (url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${url}/`, { method: 'POST', body: `${sql}\nFORMAT JSON` })
  const text = await response.text()
  assert.ok(response.ok, `ClickHouse: ${text}\n${sql}`)
  return (JSON.parse(text) as { data: Array<Record<string, unknown>> }).data
}

/** The scrape interval the real Prometheus runs with ($__rate_interval is derived from it). */
async function scrapeIntervalMs (url: string): Promise<number> {
  const body = await (await fetch(`${url}/api/v1/status/config`)).json() as { data: { yaml: string } }
  const match = /scrape_interval:\s*(\d+)(ms|s|m)/.exec(body.data.yaml)
  assert.ok(match, 'Prometheus config has a scrape_interval')
  return Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[match[2] as string]!
}

const values = (series: PromSeries): number[] => series.flatMap((entry) => (entry.values ?? (entry.value ? [entry.value] : [])).map(([, raw]) => Number(raw))).filter(Number.isFinite)

const mean = (numbers: number[]): number => numbers.reduce((total, value) => total + value, 0) / numbers.length

function assertWithin (actual: number, expected: number, what: string, report: (message: string) => void): void {
  assert.ok(expected > 0, `${what}: ground truth is zero`)
  report(`${what}: dashboard ${actual.toFixed(3)} docs/s, ground truth ${expected.toFixed(3)} docs/s`)
  const error = Math.abs(actual - expected) / expected
  assert.ok(error <= tolerance, `${what}: dashboard ${actual.toFixed(3)} docs/s vs ground truth ${expected.toFixed(3)} docs/s (${(error * 100).toFixed(1)}% off, allowed ${tolerance * 100}%)`)
}

test('every dashboard query returns data and docs/s panels match ground truth within 5%', { timeout: 300_000 }, async (t) => {
  const report = (message: string): void => t.diagnostic(message)
  const began = Date.now()
  let flow: PipelineFlow | undefined
  let producer: Producer | undefined
  try {
    flow = await startPipelineFlow()
    const { config } = flow
    const prometheusUrl = config.prometheus.url
    const clickhouseUrl = config.clickhouse.url
    await waitForScrapes(prometheusUrl, Object.values(flow.metricsPorts))
    report(`pipeline up and scraped after ${Date.now() - began} ms`)
    const scrapeMs = await scrapeIntervalMs(prometheusUrl)

    // Poison messages (dead letters) and corrupt PDFs (failures) spread over the flow, so their
    // rate panels have increments to show, between the steady stream of good documents.
    producer = createKafka(config, 'it-poison').producer()
    await producer.connect()
    const good = await onePagePdf('Invoice for jane.doe@example.com, call +1 415 555 0132')
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41)])
    const extras = (async () => {
      for (let round = 0; round < 3; round++) {
        await sleep((flowSeconds / 3) * 1000)
        await producer?.send({ topic: config.kafka.topicReceived, acks: -1, messages: [{ key: `poison-${round}`, value: Buffer.from('not an avro event') }] })
        await fetch(`${flow?.apiUrl}/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${flow?.apiKey}`, 'content-type': 'application/pdf' }, body: new Uint8Array(corrupt) })
      }
    })()
    // Marked handled so that a failed check below does not also surface as an unhandled rejection.
    extras.catch(() => {})
    const sending = flow.send(good, docsPerSecond, flowSeconds)

    // Every query of both dashboards returns data. The pipeline dashboard's instance filter is
    // set to this run's processes: other pipelines on the same machine are scraped too.
    const database = config.clickhouse.database
    const promQueries = extractQueries(pipelineDashboard)
    const sqlQueries = extractQueries(analyticsDashboard)
    assert.ok(promQueries.length >= 12 && sqlQueries.length >= 8, `${promQueries.length} PromQL and ${sqlQueries.length} SQL queries`)
    const instance = `127.0.0.1:(${Object.values(flow.metricsPorts).join('|')})`
    const promVariables = { ...dashboardVariables(pipelineDashboard), instance }
    const sqlVariables = { ...dashboardVariables(analyticsDashboard), database }
    const everyQueryReturnsData = async (range: QueryTimeRange, when: string): Promise<void> => {
      for (const query of promQueries) {
        const promRange = { ...range, variables: promVariables }
        const series = await prometheus(prometheusUrl, query, promRange)
        assert.ok(values(series).length > 0, `${when}: panel "${query.panelTitle}" (${query.refId}) returned no data:\n${expandPromQL(query.text, promRange)}`)
      }
      for (const query of sqlQueries) {
        const rows = await clickhouse(clickhouseUrl, expandClickHouseSql(query.text, { ...range, variables: sqlVariables }))
        assert.ok(rows.length > 0, `${when}: panel "${query.panelTitle}" returned no rows`)
      }
      report(`${when}: ${promQueries.length} PromQL and ${sqlQueries.length} SQL queries returned data`)
    }
    const intervalMs = Math.max(scrapeMs, 5000)

    // This run's processes, as the dashboard's instance filter selects them.
    const scraped = async (metric: string): Promise<number> => {
      const series = await prometheus(prometheusUrl, { panelId: 0, panelTitle: 'check', refId: 'check', language: 'promql', text: `sum(${metric}{instance=~"${instance}"})`, instant: true }, { fromMs: Date.now(), toMs: Date.now(), intervalMs, scrapeIntervalMs: scrapeMs })
      return values(series)[0] ?? 0
    }

    // While documents flow, as a dashboard refresh would: once Prometheus has scraped the
    // second round of failures (its dead letters), a third of the flow is still to come.
    await waitFor(async () => await scraped('sluice_processor_dead_letters_total') >= 2, { what: 'Prometheus to scrape the second round of dead letters', timeoutMs: flowSeconds * 1000 })
    const now = Date.now()
    await everyQueryReturnsData({ fromMs: Math.floor((now - (flowSeconds + 30) * 1000) / intervalMs) * intervalMs, toMs: Math.floor(now / intervalMs) * intervalMs, intervalMs, scrapeIntervalMs: scrapeMs }, 'while documents flow')

    const sent = await sending
    await extras
    assert.ok(sent.accepted >= docsPerSecond * flowSeconds * 0.98, `API accepted ${sent.accepted} uploads`)

    // Wait until every accepted document is in ClickHouse and Prometheus has scraped the end.
    const expectedRows = sent.accepted + 3
    let stored = 0
    await waitFor(async () => {
      stored = Number((await clickhouse(clickhouseUrl, `SELECT count() AS n FROM ${database}.document_outcomes FINAL`))[0]?.n ?? 0)
      return stored >= expectedRows
    }, { what: `all ${expectedRows} outcomes in ClickHouse`, timeoutMs: 60_000, intervalMs: 1000, progress: () => `${stored} stored` })
    report(`flow of ${sent.accepted} uploads ended; all outcomes stored after ${Date.now() - began} ms`)
    await waitFor(async () => await scraped('sluice_processor_documents_total') >= expectedRows, { what: 'Prometheus to scrape the processor\'s final document count', timeoutMs: 10 * scrapeMs + 30_000 })

    const range: QueryTimeRange = {
      fromMs: Math.floor((sent.startedAt - 30_000) / intervalMs) * intervalMs,
      toMs: Math.ceil((Date.now()) / intervalMs) * intervalMs,
      intervalMs,
      scrapeIntervalMs: scrapeMs
    }

    await everyQueryReturnsData(range, 'after the flow')

    // Ground truth: each document's completion time, from the raw outcomes table.
    const completions = (await clickhouse(clickhouseUrl, `SELECT completed_at_ms AS ms FROM ${database}.document_outcomes FINAL`)).map((row) => Number(row.ms))
    const firstCompletion = Math.min(...completions)
    const lastCompletion = Math.max(...completions)
    const completedIn = (fromMs: number, toMs: number): number => completions.filter((ms) => ms > fromMs && ms <= toMs).length

    // Prometheus docs/s by door: points whose rate window lies inside the steady flow.
    const windowMs = rateIntervalMs(range)
    const docsByDoor = promQueries.find((query) => query.panelTitle === 'Documents per second by door')
    assert.ok(docsByDoor)
    const series = await prometheus(prometheusUrl, docsByDoor, { ...range, variables: promVariables })
    const totals = new Map<number, number>()
    for (const entry of series) for (const [time, raw] of entry.values ?? []) totals.set(time, (totals.get(time) ?? 0) + Number(raw))
    const steady = [...totals].filter(([time]) => time * 1000 - windowMs >= firstCompletion + scrapeMs && time * 1000 <= lastCompletion - scrapeMs)
    assert.ok(steady.length >= 5, `only ${steady.length} steady points in the Prometheus docs/s series`)
    const dashboardRate = mean(steady.map(([, value]) => value))
    const truthRate = mean(steady.map(([time]) => completedIn(time * 1000 - windowMs, time * 1000) / (windowMs / 1000)))
    assertWithin(dashboardRate, truthRate, 'Prometheus "Documents per second by door"', report)

    // Control: the prototype's mistake (documents per window shown as per second) evaluated at
    // the same points must miss by far more than the tolerance, or this comparison proves nothing.
    const perWindow = await prometheus(prometheusUrl, { ...docsByDoor, text: docsByDoor.text.replace('rate(', 'increase(') }, { ...range, variables: promVariables })
    const perWindowTotals = new Map<number, number>()
    for (const entry of perWindow) for (const [time, raw] of entry.values ?? []) perWindowTotals.set(time, (perWindowTotals.get(time) ?? 0) + Number(raw))
    const wrongRate = mean(steady.map(([time]) => perWindowTotals.get(time) ?? 0))
    assert.ok(Math.abs(wrongRate - truthRate) / truthRate > 10 * tolerance, `control query ${wrongRate.toFixed(3)} vs ${truthRate.toFixed(3)}: the comparison cannot tell right from wrong`)

    // ClickHouse docs/s by door: whole buckets inside the flow, summed over doors.
    const chDocs = sqlQueries.find((query) => query.panelTitle === 'Documents per second by door')
    assert.ok(chDocs)
    const buckets = await clickhouse(clickhouseUrl, expandClickHouseSql(chDocs.text, { ...range, variables: sqlVariables }))
    const bucketSeconds = intervalMs / 1000
    const inside = buckets
      .map((row) => ({ start: Date.parse(`${String(row.t).replace(' ', 'T')}Z`), rate: Number(row.api) + Number(row.bucket) + Number(row.topic) }))
      .filter((bucket) => bucket.start >= Math.ceil(firstCompletion / 1000) * 1000 && bucket.start + intervalMs <= Math.floor(lastCompletion / 1000) * 1000)
    assert.ok(inside.length >= 5, `only ${inside.length} whole buckets inside the flow`)
    // Completion seconds are truncated to whole seconds in the rollup, as ground truth here.
    const truthBuckets = inside.map((bucket) => completions.filter((ms) => ms >= bucket.start && ms < bucket.start + intervalMs).length / bucketSeconds)
    assertWithin(mean(inside.map((bucket) => bucket.rate)), mean(truthBuckets), 'ClickHouse "Documents per second by door"', report)
    for (const [index, bucket] of inside.entries()) assert.equal(bucket.rate, truthBuckets[index], `bucket ${new Date(bucket.start).toISOString()} counts exactly`)

    // For the record (not asserted: a loaded machine may process in bursts), the sending rate.
    report(`sending rate ${(sent.accepted / ((sent.endedAt - sent.startedAt) / 1000)).toFixed(3)} docs/s`)
    report(`${steady.length} steady Prometheus points, ${inside.length} whole ClickHouse buckets; ${Date.now() - began} ms in all`)
  } finally {
    await producer?.disconnect().catch(() => {})
    await flow?.stop()
  }
})
