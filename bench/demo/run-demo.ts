// `sluice demo`: the whole main job on one machine. Sets the stack up, starts the services,
// sends a generated corpus through all three doors, waits until ClickHouse accounts for every
// document, then reports the analytics, where the redacted outputs are, and a privacy check
// that reads every output back from S3 and looks for each planted personal-data value.
import { join } from 'node:path'
import type { Client } from 'minio'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import type { Config } from '../../lib/config/index.ts'
import { createReceivedPublisher, type ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { startBackgroundPipeline } from '../../infra/run-all/pipeline.ts'
import { probeServices, runStackCommand } from '../../infra/run-all/stack.ts'
import { awaitOutcomes } from '../load/await-outcomes.ts'
import { doors, type Door } from '../load/doors.ts'
import type { Outcome } from '../load/outcomes.ts'
import { sendAll, type Document } from '../load/send.ts'
import { generateDemoCorpus, badDocuments } from './corpus.ts'
import { checkPrivacy, type OutputObject, type PrivacyReport } from './privacy-check.ts'

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
  privacy: PrivacyReport
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
    const sending = await sendAll({ config, s3, publisher, callerStrings: await createCallerStrings(config.redaction), bucketPrefix: `demo/${runId}/` }, all, doorOf, { concurrency: options.concurrency, progress: options.progress })
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

    say('Reading every redacted output back from S3 for the privacy check...')
    const outputs = await readOutputs(s3, accounting.outcomes.filter((outcome) => outcome.status === 'processed'))
    const planted = corpus.planted.flatMap((entry) => {
      const documentId = sending.sent.find((sent) => sent.name === entry.name)?.documentId
      return documentId === undefined ? [] : [{ documentId, type: entry.type, value: entry.value }]
    })
    const privacy = checkPrivacy(planted, outputs)
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

/** Every object written for each processed document: the redacted text and its summary. */
async function readOutputs (s3: Client, outcomes: Outcome[]): Promise<OutputObject[]> {
  const outputs: OutputObject[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < outcomes.length) {
      const outcome = outcomes[next++] as Outcome
      const prefix = outcome.resultKey.slice(0, outcome.resultKey.lastIndexOf('/') + 1)
      const keys = prefix === '' ? [outcome.resultKey] : await listKeys(s3, outcome.resultBucket, prefix)
      for (const key of keys) {
        const stream = await s3.getObject(outcome.resultBucket, key)
        const chunks: Buffer[] = []
        for await (const chunk of stream) chunks.push(chunk as Buffer)
        outputs.push({ documentId: outcome.documentId, key, content: Buffer.concat(chunks).toString('utf8') })
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return outputs
}

async function listKeys (s3: Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = []
  for await (const item of s3.listObjectsV2(bucket, prefix, true)) {
    if (typeof item.name === 'string') keys.push(item.name)
  }
  return keys
}
