// One benchmark phase: a fresh, isolated pipeline (its own topics, consumer groups and
// ClickHouse database, so no earlier backlog or rows can leak into the numbers) with a given
// number of processor processes, driven through one door for a fixed time, then given time to
// finish what it accepted. Everything is measured from outside: acceptance at the door, lag from
// the broker, outcomes and stage timings from ClickHouse, CPU from /proc.
import { createServer, type AddressInfo } from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import { loadConfig, type Config } from '../../lib/config/index.ts'
import { startConfiguredAdmission } from '../../lib/ingest/admission.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { startBackgroundPipeline } from '../../infra/run-all/pipeline.ts'
import type { Door } from '../load/doors.ts'
import { stages, type Stage } from '../../lib/stages.ts'
import { countOutcomes, fetchAllOutcomes } from '../load/outcomes.ts'
import type { Document } from '../load/send.ts'
import { measureBacklog, type Backlog } from './backlog.ts'
import { busyCores, cpuSeconds, machineTicks } from './cpu.ts'
import { drive } from './drive.ts'
import { startLagSampler } from './lag-sampler.ts'
import { readRequestCounts, requestDelta, type RequestCount, type RequestCountSources } from './request-counts.ts'
import { findStackProcesses } from './stack-processes.ts'
import { distribution, perSecondSeries, sustainedRate, type Distribution } from './stats.ts'

/**
 * What a phase is for: `throughput` (the --processors phases at --rate), `steady` (the fixed
 * --latency-rate phase), `limit-share` (a steady rate derived from this run's limit, for latency),
 * `multi-page` (documents of several pages, for pages/s).
 */
export type PhaseRole = 'throughput' | 'steady' | 'limit-share' | 'multi-page'

export interface PhaseSpec {
  label: string
  /** Absent in runs saved before phases had roles. */
  role?: PhaseRole
  door: Door
  rate: number
  /** How a derived rate was obtained, in words (limit-share and multi-page phases). */
  rateBasis?: string
  /** Pages of every document sent; absent in runs saved before it varied by phase (then --pages). */
  pages?: number
  durationMs: number
  drainTimeoutMs: number
  processors: number
  workers: number
  concurrency: number
}

export interface PhaseResult {
  spec: PhaseSpec
  acceptance: { accepted: number, failures: Record<string, number>, deferrals: number, perSecond: number, latencyMs: Distribution }
  endToEnd: {
    completed: number
    processed: number
    failed: number
    /** Accepted documents without an outcome when the drain wait ended. */
    unfinished: number
    /** Completions per second between the first and the last completion (stored in ClickHouse). */
    docsPerSecond: number
    /**
     * Completions per second after the load stopped (the backlog draining with the door idle):
     * the pipeline's own pace without the door's CPU use; NaN when little was left to drain.
     */
    drainDocsPerSecond: number
    /** received → inserted into ClickHouse, all completed documents. */
    latencyMs: Distribution
    drainedInMs: number
  }
  stages: Record<Stage, Distribution>
  series: { acceptedPerSecond: number[], completedPerSecond: number[], lag: Array<{ second: number, processor: number, sink: number }> }
  cpu: Array<{ component: string, seconds: number, cores: number }>
  /** Requests each component sent to Kafka, S3 and ClickHouse during the phase (load and drain); absent in runs saved before they were counted. */
  requests?: RequestCount[]
  /** Accepted minus completed around the end of the load; absent in runs saved before it was measured. */
  backlog?: Backlog
  /** Cores busy on the whole machine during the phase, whoever used them. */
  machineBusyCores: number
  wallSeconds: number
}

export interface PhasePorts { api: number, bridgeMetrics: number, processorMetrics: number, sinkMetrics: number }

/** Names (and ports) unique to one phase, passed to the services through their environment. */
export function phaseEnvironment (runTag: string, phaseIndex: number, buckets: { inbox: string, results: string }, ports: PhasePorts): Record<string, string> {
  const tag = `${runTag}-p${phaseIndex}`
  const databaseTag = tag.replace(/-/g, '_')
  return {
    SLUICE_TOPIC_RECEIVED: `bench.${tag}.received`,
    SLUICE_TOPIC_PROCESSED: `bench.${tag}.processed`,
    SLUICE_TOPIC_DLQ: `bench.${tag}.dlq`,
    SLUICE_PROCESSOR_GROUP: `bench-${tag}-processor`,
    SLUICE_SINK_GROUP: `bench-${tag}-sink`,
    SLUICE_BRIDGE_GROUP: `bench-${tag}-bridge`,
    SLUICE_CLICKHOUSE_DATABASE: `sluice_bench_${databaseTag}`,
    SLUICE_S3_INBOX_BUCKET: buckets.inbox,
    SLUICE_S3_RESULTS_BUCKET: buckets.results,
    // Free ports, so a `sluice up` or another run on the same machine cannot collide with the phase.
    SLUICE_API_PORT: String(ports.api),
    SLUICE_METRICS_BRIDGE_PORT: String(ports.bridgeMetrics),
    SLUICE_METRICS_PROCESSOR_PORT: String(ports.processorMetrics),
    SLUICE_METRICS_SINK_PORT: String(ports.sinkMetrics),
    // Benchmarks measure the pipeline, not log formatting: info lines per document cost CPU.
    SLUICE_LOG_LEVEL: 'warn'
  }
}

export async function runPhase (baseConfig: Config, spec: PhaseSpec, environment: Record<string, string>, documents: Document[], logDir: string, say: (line: string) => void): Promise<PhaseResult> {
  const env = { ...process.env, ...environment }
  const config = loadConfig(env)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  await migrate(clickhouse, config.clickhouse.database)
  const codec = await provisionSluice(config)
  const pipeline = await startBackgroundPipeline(config, { processors: spec.processors, workers: spec.workers }, {
    logFile: join(logDir, `${environment.SLUICE_CLICKHOUSE_DATABASE}.log`),
    env
  })
  const kafka = createKafka(config, 'bench')
  const admin = kafka.admin()
  await admin.connect()
  const publisher = await createReceivedPublisher(config, kafka, codec)
  // The topic door waits while admission is closed, as `sluice publish` does.
  const admission = await startConfiguredAdmission(config, kafka, 'bench')
  const stack = await findStackProcesses(config.stack.home)
  const measured = [
    ...pipeline.group.services.map((service) => ({ component: service.spec.name, pid: service.pid })),
    ...stack.map((entry) => ({ component: entry.name, pid: entry.pid }))
  ]
  try {
    const cpuBefore = await Promise.all(measured.map(async (entry) => cpuSeconds(entry.pid)))
    const benchCpuBefore = process.cpuUsage()
    const machineBefore = await machineTicks()
    const requestSources: RequestCountSources = { api: config.api.port, bridge: config.metrics.bridgePort, sink: config.metrics.sinkPort, processorFirstPort: config.metrics.processorPort, processors: spec.processors }
    const requestsBefore = await readRequestCounts(requestSources)
    const lag = startLagSampler(admin, [
      { label: 'processor', groupId: config.processor.groupId, topic: config.kafka.topicReceived },
      { label: 'sink', groupId: config.sink.groupId, topic: config.kafka.topicProcessed }
    ])
    say(`${spec.label}: driving the ${spec.door} door ${spec.rate === 0 ? 'flat out' : `at ${spec.rate} docs/s`} for ${spec.durationMs / 1000} s...`)
    const driven = await drive({ config, s3: createS3Client(config), publisher, callerStrings: await createCallerStrings(config.redaction), bucketPrefix: 'bench/', admission: admission.gate }, spec.door, documents, spec)
    say(`${spec.label}: ${driven.accepted} accepted; waiting up to ${spec.drainTimeoutMs / 1000} s for the pipeline to finish them...`)
    const drainStarted = Date.now()
    let completed = await countOutcomes(clickhouse, config.clickhouse.database)
    while (completed < driven.accepted && Date.now() - drainStarted < spec.drainTimeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      completed = await countOutcomes(clickhouse, config.clickhouse.database)
    }
    const drainedInMs = Date.now() - drainStarted
    const requests = requestDelta(requestsBefore, await readRequestCounts(requestSources))
    const wallSeconds = (Date.now() - driven.startedAtMs) / 1000
    await lag.stop()
    const cpuAfter = await Promise.all(measured.map(async (entry) => cpuSeconds(entry.pid)))
    const benchCpu = process.cpuUsage(benchCpuBefore)
    const machineBusy = busyCores(machineBefore, await machineTicks(), os.availableParallelism())

    const outcomes = await fetchAllOutcomes(clickhouse, config.clickhouse.database)
    const processed = outcomes.filter((outcome) => outcome.status === 'processed')
    const insertedTimes = outcomes.map((outcome) => outcome.insertedAtMs)
    const backlog = measureBacklog({
      acceptedTimesMs: driven.acceptedTimesMs,
      completedTimesMs: insertedTimes,
      loadStartedAtMs: driven.startedAtMs,
      loadEndedAtMs: driven.endedAtMs,
      lagSamples: lag.samples.map((sample) => ({ atMs: sample.atMs, processor: sample.lag.processor ?? Number.NaN })),
      admissionMaxLag: config.admission.maxLag
    })
    const seconds = Math.ceil(wallSeconds)
    const cpu = measured.map((entry, index) => {
      const used = (cpuAfter[index] ?? Number.NaN) - (cpuBefore[index] ?? Number.NaN)
      return { component: entry.component, seconds: used, cores: used / wallSeconds }
    })
    const generatorSeconds = (benchCpu.user + benchCpu.system) / 1e6
    cpu.push({ component: 'load generator (this process)', seconds: generatorSeconds, cores: generatorSeconds / wallSeconds })
    return {
      spec,
      acceptance: {
        accepted: driven.accepted,
        failures: driven.failures,
        deferrals: driven.deferrals,
        perSecond: driven.accepted / ((driven.endedAtMs - driven.startedAtMs) / 1000),
        latencyMs: distribution(driven.latenciesMs)
      },
      endToEnd: {
        completed: outcomes.length,
        processed: processed.length,
        failed: outcomes.length - processed.length,
        unfinished: Math.max(0, driven.accepted - outcomes.length),
        docsPerSecond: sustainedRate(insertedTimes),
        drainDocsPerSecond: drainRate(insertedTimes, driven.endedAtMs),
        latencyMs: distribution(outcomes.map((outcome) => outcome.insertedAtMs - outcome.receivedAtMs)),
        drainedInMs
      },
      stages: Object.fromEntries(stages.map((stage) => [stage, distribution(processed.map((outcome) => outcome.stages[stage]))])) as Record<Stage, Distribution>,
      series: {
        acceptedPerSecond: perSecondSeries(driven.acceptedTimesMs, driven.startedAtMs, seconds),
        completedPerSecond: perSecondSeries(insertedTimes, driven.startedAtMs, seconds),
        lag: lag.samples.map((sample) => ({
          second: Math.round((sample.atMs - driven.startedAtMs) / 1000),
          processor: sample.lag.processor ?? Number.NaN,
          sink: sample.lag.sink ?? Number.NaN
        }))
      },
      cpu,
      requests,
      backlog,
      machineBusyCores: machineBusy,
      wallSeconds
    }
  } finally {
    await admission.close().catch(() => {})
    await publisher.disconnect().catch(() => {})
    await pipeline.stop()
    await removePhaseTopics(admin, config).catch(() => {})
    await admin.disconnect().catch(() => {})
    await clickhouse.close()
  }
}

async function removePhaseTopics (admin: ReturnType<ReturnType<typeof createKafka>['admin']>, config: Config): Promise<void> {
  await admin.deleteTopics({ topics: [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter] })
}

/** A port nothing listens on right now (the kernel picks it), for one service of a phase. */
export async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function freePhasePorts (): Promise<PhasePorts> {
  return { api: await freePort(), bridgeMetrics: await freePort(), processorMetrics: await freePort(), sinkMetrics: await freePort() }
}

/** Needs a few seconds' worth of completions after the load to mean anything. */
export function drainRate (completionTimesMs: readonly number[], loadEndedAtMs: number): number {
  const after = completionTimesMs.filter((time) => time > loadEndedAtMs + 1000)
  return after.length >= 50 ? sustainedRate(after) : Number.NaN
}
