// Multi-host rehearsal on one machine: three processor and two sink "hosts", each a separate
// process group with its own Kafka client id, under a steady load through the API. Mid-run one
// processor host is killed with SIGKILL (no drain, no leave-group) and later another is added.
// It checks that every accepted document has exactly one outcome, measures how long the group
// took to hand the partitions over (from the broker's DescribeGroups), and reports throughput
// per instance from ClickHouse (processors) and from the sinks' own counters.
//
//   npx --no-install node bench/rehearsal/run-rehearsal.ts [--rate 20] [--duration 150] [--kill-at 45] [--add-at 90]
//
// Needs the local stack (`sluice stack up`). Uses its own topics, groups, buckets and database,
// removed at the end unless --keep.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import { sqlIdentifier } from '../../lib/clickhouse/sql.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { startServices, type ServiceGroup } from '../../infra/run-all/supervisor.ts'
import { generateDocuments } from '../corpus/index.ts'
import { apiBaseUrl } from '../load/doors.ts'
import { fetchAllOutcomes } from '../load/outcomes.ts'
import type { Document } from '../load/send.ts'
import { dropDatabase, removeBucket } from '../pipeline/cleanup.ts'
import { freePort, phaseEnvironment } from '../pipeline/phase.ts'
import { firstSample, heldPartitions, unstableMs, watchGroup, type GroupSample } from './group-watch.ts'
import { startSteadyLoad } from './steady-load.ts'

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    duration: { type: 'string', default: '150' },
    'kill-at': { type: 'string', default: '45' },
    'add-at': { type: 'string', default: '90' },
    drain: { type: 'string', default: '240' },
    workers: { type: 'string', default: '1' },
    'session-timeout': { type: 'string', default: '10s' },
    keep: { type: 'boolean', default: false }
  }
})
const rate = Number(values.rate)
const durationMs = Number(values.duration) * 1000
const killAtMs = Number(values['kill-at']) * 1000
const addAtMs = Number(values['add-at']) * 1000
const drainMs = Number(values.drain) * 1000
const partitions = 12
const root = path.join(import.meta.dirname, '..', '..')
const say = (line: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`) }

const tag = `rehearsal-${Date.now().toString(36)}`
const buckets = { inbox: `${tag}-inbox`, results: `${tag}-results` }
const environment: Record<string, string> = {
  ...phaseEnvironment(tag, 0, buckets, { api: await freePort(), bridgeMetrics: await freePort(), processorMetrics: await freePort(), sinkMetrics: await freePort() }),
  SLUICE_KAFKA_PARTITIONS: String(partitions),
  // A killed member's partitions wait this long before the group moves them.
  SLUICE_PROCESSOR_SESSION_TIMEOUT: values['session-timeout'],
  SLUICE_PROCESSOR_WORKERS: values.workers,
  // Private: the killed host's scrape-target file must not linger in the stack's Prometheus.
  SLUICE_HOME: path.join('/tmp', `${tag}-home`)
}
const env = { ...process.env, ...environment }
const config = loadConfig(env)
const logFile = path.join(loadConfig().stack.home, 'logs', `${tag}.log`)
const logLines: string[] = []
const onLine = (service: string, line: string): void => { logLines.push(`${service} ${line}`) }

say(`generating 100 one-page documents; topics ${config.kafka.topicReceived} etc. with ${partitions} partitions; log ${logFile}`)
const documents: Document[] = []
for await (const document of generateDocuments({ count: 100, seed: 'rehearsal', pageCounts: [1] })) documents.push({ name: document.file, bytes: document.bytes })
const clickhouse = createClickHouse(clickHouseOptions(config))
await migrate(clickhouse, config.clickhouse.database)
await provisionSluice(config)
const kafka = createKafka(config, 'rehearsal')
const admin = kafka.admin()
await admin.connect()

interface Host { name: string, role: 'processor' | 'sink', port: number, group: ServiceGroup, startedAtMs: number }
const hosts: Host[] = []
async function startHost (name: string, role: Host['role']): Promise<Host> {
  const port = await freePort()
  const portSetting = role === 'processor' ? 'SLUICE_METRICS_PROCESSOR_PORT' : 'SLUICE_METRICS_SINK_PORT'
  // One startServices call per host: its own process group, as on its own machine.
  const group = startServices([{ name, args: [role], stopRank: role === 'processor' ? 1 : 2, env: { SLUICE_KAFKA_CLIENT_ID: `sluice-${name}`, [portSetting]: String(port) } }], { onLine, env, cwd: root })
  const host = { name, role, port, group, startedAtMs: Date.now() }
  hosts.push(host)
  return host
}
async function waitReady (url: string, timeoutMs = 120_000): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if ((await fetch(url).catch(() => undefined))?.ok === true) return Date.now()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`)
}

const api = startServices([{ name: 'api', args: ['api'], stopRank: 0 }], { onLine, env, cwd: root })
const initial = await Promise.all([
  startHost('host-a', 'processor'), startHost('host-b', 'processor'), startHost('host-c', 'processor'),
  startHost('host-d', 'sink'), startHost('host-e', 'sink')
])
await waitReady(`${apiBaseUrl(config)}/readyz`)
for (const host of initial) await waitReady(`http://127.0.0.1:${host.port}/readyz`)
const processorWatch = watchGroup(admin, config.processor.groupId, config.kafka.topicReceived)
const sinkWatch = watchGroup(admin, config.sink.groupId, config.kafka.topicProcessed)
const clientOf = (name: string): string => `sluice-${name}-processor`
const stableWith = (clients: string[]) => (sample: GroupSample): boolean =>
  sample.state === 'Stable' && heldPartitions(sample) === partitions &&
  Object.keys(sample.assignment).sort().join() === clients.map(clientOf).sort().join() &&
  clients.every((client) => (sample.assignment[clientOf(client)]?.length ?? 0) > 0)
while (firstSample(processorWatch.samples, 0, stableWith(['host-a', 'host-b', 'host-c'])) === undefined) await new Promise((resolve) => setTimeout(resolve, 250))
say(`3 processor hosts share the ${partitions} partitions, 2 sink hosts ready; offering ${rate} docs/s through the API for ${durationMs / 1000} s`)

const loadStartedAt = Date.now()
const load = startSteadyLoad(config, documents, rate, durationMs)
await new Promise((resolve) => setTimeout(resolve, killAtMs))
const killed = hosts.find((host) => host.name === 'host-b') as Host
const killedPartitions = [...processorWatch.samples].reverse().find((sample) => sample.assignment[clientOf('host-b')] !== undefined)?.assignment[clientOf('host-b')] ?? []
const killedAtMs = Date.now()
process.kill(-(killed.group.services[0]?.pid as number), 'SIGKILL')
say(`SIGKILL to host-b's process group (it held partitions ${killedPartitions.join(',')})`)
await new Promise((resolve) => setTimeout(resolve, Math.max(0, loadStartedAt + addAtMs - Date.now())))
const addedAtMs = Date.now()
const added = await startHost('host-f', 'processor')
say('host-f (processor) started')
const addedReadyAtMs = await waitReady(`http://127.0.0.1:${added.port}/readyz`)
await load.finished
say(`load done: ${load.accepted.size} accepted, refused ${JSON.stringify(load.refused)}; waiting up to ${drainMs / 1000} s for every outcome`)

const database = sqlIdentifier(config.clickhouse.database)
const drainStarted = Date.now()
let outcomes = await fetchAllOutcomes(clickhouse, config.clickhouse.database)
while (outcomes.length < load.accepted.size && Date.now() - drainStarted < drainMs) {
  await new Promise((resolve) => setTimeout(resolve, 2000))
  outcomes = await fetchAllOutcomes(clickhouse, config.clickhouse.database)
}
await processorWatch.stop()
await sinkWatch.stop()

// Exactly one outcome per accepted document: FINAL collapses redelivered rows per document id,
// so also count the rows written before collapsing (a lower bound: merges may already have run).
const outcomeIds = new Set(outcomes.map((outcome) => outcome.documentId))
const missing = [...load.accepted.keys()].filter((id) => !outcomeIds.has(id))
const stray = [...outcomeIds].filter((id) => !load.accepted.has(id))
const [rawRows] = await clickhouse.select<{ rows: string | number }>(`SELECT count() AS rows FROM ${database}.document_outcomes`)
const statuses = Object.entries(Object.groupBy(outcomes, (outcome) => `${outcome.status}${outcome.failureReason === '' || outcome.failureReason === 'none' ? '' : `:${outcome.failureReason}`}`)).map(([status, list]) => `${status} ${list?.length ?? 0}`)

const killRebalance = firstSample(processorWatch.samples, killedAtMs, stableWith(['host-a', 'host-c']))
const addRebalance = firstSample(processorWatch.samples, addedAtMs, stableWith(['host-a', 'host-c', 'host-f']))
const processorHosts = hosts.filter((host) => host.role === 'processor')
const byHost = await clickhouse.select<{ host: string, documents: string | number, first: string | number, last: string | number }>(
  `SELECT host, count() AS documents, min(completed_at_ms) AS first, max(completed_at_ms) AS last FROM ${database}.document_outcomes FINAL GROUP BY host`
)
const perProcessor = processorHosts.map((host) => {
  const row = byHost.find((candidate) => candidate.host.endsWith(`:${String(host.group.services[0]?.pid)}`))
  const documents = Number(row?.documents ?? 0)
  const spanS = (Number(row?.last ?? 0) - Number(row?.first ?? 0)) / 1000
  return { host: host.name, documents, spanS, docsPerSecond: documents / spanS }
})
const perSink = await Promise.all(hosts.filter((host) => host.role === 'sink').map(async (host) => {
  const text = await (await fetch(`http://127.0.0.1:${host.port}/metrics`)).text()
  const sample = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? Number.NaN)
  return {
    host: host.name,
    outcomeRows: sample(/^sluice_sink_rows_inserted_total\{[^}]*table="document_outcomes"[^}]*\} (\S+)$/m),
    duplicatesSkipped: [...text.matchAll(/^sluice_sink_duplicates_skipped_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0)
  }
}))
const sinkPartitions = Object.fromEntries(Object.entries(sinkWatch.samples.at(-1)?.assignment ?? {}).map(([client, held]) => [client, held.length]))
const completedSpanS = (Math.max(...outcomes.map((outcome) => outcome.completedAtMs)) - Math.min(...outcomes.map((outcome) => outcome.completedAtMs))) / 1000
const seconds = (ms: number | undefined): string => ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(1)} s`

const report = [
  `# Multi-host rehearsal, ${new Date(loadStartedAt).toISOString()}`,
  '',
  `Command: \`npx --no-install node bench/rehearsal/run-rehearsal.ts --rate ${rate} --duration ${durationMs / 1000} --kill-at ${killAtMs / 1000} --add-at ${addAtMs / 1000} --workers ${values.workers} --session-timeout ${values['session-timeout']}\``,
  '',
  `Hosts (each its own process group and Kafka client id): host-a, host-b, host-c = \`sluice processor\` (${values.workers} worker thread each), host-d, host-e = \`sluice sink\`, one \`sluice api\`. ${partitions} partitions per topic. One machine (2 cores, shared with other work) and the local stack.`,
  `Timeline: load ${rate} docs/s (1-page PDFs) through \`POST /v1/documents\` for ${durationMs / 1000} s; host-b SIGKILLed at ${((killedAtMs - loadStartedAt) / 1000).toFixed(1)} s (it held partitions ${killedPartitions.join(', ')}); host-f started at ${((addedAtMs - loadStartedAt) / 1000).toFixed(1)} s.`,
  '',
  '## Every accepted document has exactly one outcome',
  '',
  '| Accepted (202) | Refused | Outcomes (FINAL) | Missing | Without a 202 | Outcome rows before collapsing | Statuses | Drain after load |',
  '|---:|---|---:|---:|---:|---:|---|---:|',
  `| ${load.accepted.size} | ${JSON.stringify(load.refused)} | ${outcomes.length} | ${missing.length} | ${stray.length} | ${Number(rawRows?.rows ?? 0)} | ${statuses.join(', ')} | ${seconds(Date.now() - drainStarted)} |`,
  '',
  '## Rebalances (from DescribeGroups every 250 ms)',
  '',
  '| Event | Until the group was Stable with all partitions on the live members | Group not Stable during it |',
  '|---|---:|---:|',
  `| host-b killed (SIGKILL; session timeout ${values['session-timeout']}) | ${seconds(killRebalance === undefined ? undefined : killRebalance.atMs - killedAtMs)} | ${seconds(unstableMs(processorWatch.samples, killedAtMs, killRebalance?.atMs ?? Date.now()))} |`,
  `| host-f added | ${seconds(addRebalance === undefined ? undefined : addRebalance.atMs - addedAtMs)} (its /readyz answered ready after ${seconds(addedReadyAtMs - addedAtMs)}) | ${seconds(unstableMs(processorWatch.samples, addedAtMs, addRebalance?.atMs ?? Date.now()))} |`,
  '',
  `Final assignment: processors ${JSON.stringify(Object.fromEntries(Object.entries(processorWatch.samples.at(-1)?.assignment ?? {}).map(([client, held]) => [client, held.length])))}, sinks (processed topic) ${JSON.stringify(sinkPartitions)}.`,
  '',
  '## Throughput per instance',
  '',
  '| Processor host | Documents (ClickHouse `host` column) | Active span | docs/s while active |',
  '|---|---:|---:|---:|',
  ...perProcessor.map((row) => `| ${row.host} | ${row.documents} | ${row.spanS.toFixed(1)} s | ${row.docsPerSecond.toFixed(2)} |`),
  '',
  '| Sink host | Outcome rows inserted (its counter) | Duplicates skipped |',
  '|---|---:|---:|',
  ...perSink.map((row) => `| ${row.host} | ${row.outcomeRows} | ${row.duplicatesSkipped} |`),
  '',
  `All outcomes: ${outcomes.length} over ${completedSpanS.toFixed(1)} s = ${(outcomes.length / completedSpanS).toFixed(1)} docs/s.`,
  ''
].join('\n')
process.stdout.write(report)
const resultsDirectory = path.join(root, 'bench', 'results')
await mkdir(resultsDirectory, { recursive: true })
await writeFile(path.join(resultsDirectory, 'rehearsal.md'), report)

await api.stop()
for (const host of hosts) await host.group.stop()
await mkdir(path.dirname(logFile), { recursive: true })
await writeFile(logFile, logLines.join('\n') + '\n')
if (!values.keep) {
  await admin.deleteTopics({ topics: [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter] }).catch(() => {})
  // The report is written; a busy server here only leaves the run's leftovers behind, so say which.
  await dropDatabase(clickhouse, config.clickhouse.database).catch((error: Error) => say(`could not drop ${config.clickhouse.database}: ${error.message}`))
  const s3 = createS3Client(config)
  for (const bucket of [buckets.inbox, buckets.results]) await removeBucket(s3, bucket).catch((error: Error) => say(`could not remove bucket ${bucket}: ${error.message}`))
}
await admin.disconnect()
await clickhouse.close()
process.exitCode = missing.length === 0 && stray.length === 0 && outcomes.length === load.accepted.size ? 0 : 1
