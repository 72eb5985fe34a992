// `sluice demo`: the whole main job on one machine. Sets the stack up, starts the services,
// sends a generated corpus through all three doors, waits until ClickHouse accounts for every
// document, then reports the analytics, where the redacted outputs are, and the privacy check
// (`sluice privacy-check`): every planted value, from the texts and from the file names, keys,
// form fields and metadata, looked for in every topic, output object, table, log and metric.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import type { Config } from '../../lib/config/index.ts'
import { createReceivedPublisher, type ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { runPrivacyCheck } from '../../lib/privacy/check.ts'
import { distinctValues } from '../../lib/privacy/planted.ts'
import type { PrivacyCheckReport } from '../../lib/privacy/report.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { startBackgroundPipeline } from '../../infra/run-all/pipeline.ts'
import { probeServices, runStackCommand } from '../../infra/run-all/stack.ts'
import { awaitOutcomes } from '../load/await-outcomes.ts'
import { doors, type Door } from '../load/doors.ts'
import type { Outcome } from '../load/outcomes.ts'
import { sendAll, type Document } from '../load/send.ts'
import { generateDemoCorpus, badDocuments } from './corpus.ts'

export interface DemoOptions {
  documents: number
  seed: string
  useStack: boolean
  timeoutMs: number
  concurrency: number
  progress: boolean
}

export interface DemoResult {
  runId: string
  sent: number
  sendFailures: number
  byDoor: Record<Door, number>
  outcomes: Outcome[]
  missing: Array<{ door: Door, documentId: string, name: string }>
  unexpected: Array<{ name: string, expected: string, actual: string }>
  privacy: PrivacyCheckReport
  /** The run's planted values, for running `sluice privacy-check` again later. */
  plantedFile: string
  outputs: { bucket: string, prefix: string, exampleKey: string | undefined }
  windowMs: { from: number, to: number }
  logFile: string
  elapsedMs: number
}

export async function runDemo (config: Config, options: DemoOptions, say: (line: string) => void): Promise<DemoResult> {
  const started = Date.now()
  const runId = new Date(started).toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
  const logFile = join(config.stack.home, 'logs', `demo-${runId}.log`)

  say(options.useStack ? 'Bringing the local stack up (sluice stack up)...' : 'Checking the configured services...')
  if (options.useStack) await runStackCommand('up')
  else await probeServices(config)

  say(`Migrating ClickHouse database ${config.clickhouse.database} and provisioning topics, schemas and buckets...`)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  await migrate(clickhouse, config.clickhouse.database)
  const codec = await provisionSluice(config)

  say(`Starting api, bridge, processor and sink (logs: ${logFile})...`)
  const pipeline = await startBackgroundPipeline(config, { processors: 1 }, { logFile })
  const s3 = createS3Client(config)
  let publisher: ReceivedPublisher | undefined
  try {
    publisher = await createReceivedPublisher(config, createKafka(config, 'demo'), codec)
    say(`Generating ${options.documents} sample documents (seed "${options.seed}") plus ${badDocuments.length} broken ones...`)
    const corpus = await generateDemoCorpus(options.documents, options.seed)
    const good: Document[] = corpus.documents
    const broken: Document[] = badDocuments.map((bad) => ({ name: bad.name, bytes: bad.bytes }))
    const all = [...good, ...broken]
    // Broken files go in through the bucket: the API refuses a non-PDF at the door (400), which
    // is right, but then analytics would have no failures to show.
    const doorOf = (index: number): Door => index >= good.length ? 'bucket' : doors[index % doors.length] as Door
    const sending = await sendAll({ config, s3, publisher, callerStrings: await createCallerStrings(config.redaction), bucketPrefix: `demo/${runId}/`, idempotencyPrefix: `demo-${runId}/` }, all, doorOf, { concurrency: options.concurrency, progress: options.progress })
    for (const failure of sending.failures.slice(0, 5)) say(`  could not send ${failure.name} through ${failure.door}: ${failure.error}`)

    const accounting = await awaitOutcomes(clickhouse, config.clickhouse.database, sending.sent, { timeoutMs: options.timeoutMs, progress: options.progress })
    const nameOf = new Map(sending.sent.map((entry) => [entry.documentId, entry.name]))
    const expectedFailure = new Map(badDocuments.map((bad) => [bad.name, bad.reason]))
    const unexpected = accounting.outcomes.flatMap((outcome) => {
      const name = nameOf.get(outcome.documentId) ?? outcome.documentId
      const expected = expectedFailure.get(name) ?? 'processed'
      const actual = outcome.status === 'processed' ? 'processed' : outcome.failureReason
      return expected === actual ? [] : [{ name, expected, actual }]
    })

    // The planted values of the run, in the corpus manifest's shape, so the check can be repeated.
    const plantedFile = join(config.stack.home, 'demo', `${runId}-planted.json`)
    await mkdir(join(config.stack.home, 'demo'), { recursive: true })
    await writeFile(plantedFile, JSON.stringify({ runId, seed: options.seed, planted: corpus.planted }, null, 2) + '\n', { mode: 0o600 })
    say('Privacy check: looking for every planted value in the topics, output objects, tables, logs and metrics...')
    // While the services run, so their /metrics endpoints are read too.
    const privacy = await runPrivacyCheck(config, distinctValues(corpus.planted), { sinceMs: started, logFiles: [logFile], metricsUrls: [], progress: (line) => say(`  ${line}`) })
    const example = accounting.outcomes.find((outcome) => outcome.status === 'processed' && outcome.resultKey !== '')
    const byDoor: Record<Door, number> = { api: 0, bucket: 0, topic: 0 }
    for (const entry of sending.sent) byDoor[entry.door]++
    return {
      runId,
      sent: sending.sent.length,
      sendFailures: sending.failures.length,
      byDoor,
      outcomes: accounting.outcomes,
      missing: accounting.missing.map((entry) => ({ door: entry.door, documentId: entry.documentId, name: nameOf.get(entry.documentId) ?? '' })),
      unexpected,
      privacy,
      plantedFile,
      outputs: { bucket: example?.resultBucket ?? config.s3.resultsBucket, prefix: 'documents/<document id>/', exampleKey: example?.resultKey },
      windowMs: { from: sending.startedAtMs, to: Math.max(Date.now(), ...accounting.outcomes.map((outcome) => outcome.insertedAtMs)) },
      logFile,
      elapsedMs: Date.now() - started
    }
  } finally {
    say('Stopping the services (the local stack keeps running)...')
    await publisher?.disconnect().catch(() => {})
    await pipeline.stop()
    await clickhouse.close()
  }
}
