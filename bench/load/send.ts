// Sending a set of documents through the doors with bounded concurrency, round-robin over the
// chosen doors so each door gets its share, with a progress bar on stderr.
import { SingleBar, Presets } from 'cli-progress'
import type { Client } from 'minio'
import pMap from 'p-map'
import type { Config } from '../../lib/config/index.ts'
import type { AdmissionGate } from '../../lib/ingest/admission.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { dropInBucket, publishToTopic, sendThroughApi, type Door, type Sent } from './doors.ts'

/** `fields` go in as the upload's form fields (api) or the publish metadata (topic); the bucket door has none. */
export interface Document { name: string, bytes: Uint8Array, fields?: Record<string, string> }
export interface SendFailure { door: Door, name: string, error: string }
export interface SendResult { sent: Array<Sent & { name: string }>, failures: SendFailure[], startedAtMs: number, finishedAtMs: number }

export interface SendContext {
  config: Config
  s3: Client
  publisher: ReceivedPublisher
  /** The topic door redacts file names and metadata as `sluice publish` does. */
  callerStrings: CallerStrings
  /** Prefix of keys dropped into the bucket, so a run's objects are easy to find and remove. */
  bucketPrefix: string
  /** When set, API uploads send `Idempotency-Key: <prefix><document name>` (unique per run, or a rerun would be replayed). */
  idempotencyPrefix?: string
  /** The topic door waits while it is closed, as `sluice publish` does. */
  admission?: AdmissionGate
}

export function sendOne (context: SendContext, door: Door, document: Document): Promise<Sent> {
  switch (door) {
    case 'api': return sendThroughApi(context.config, document.bytes, document.name, document.fields, context.idempotencyPrefix === undefined ? undefined : `${context.idempotencyPrefix}${document.name}`)
    case 'bucket': return dropInBucket(context.s3, context.config.s3.inboxBucket, `${context.bucketPrefix}${document.name}`, document.bytes)
    case 'topic': return publishToTopic(context.config, context.s3, context.publisher, context.callerStrings, document.bytes, document.name, document.fields, context.admission)
  }
}

export async function sendAll (context: SendContext, documents: Document[], assignDoor: (index: number) => Door, options: { concurrency: number, progress: boolean }): Promise<SendResult> {
  const bar = options.progress ? new SingleBar({ format: 'Sending   [{bar}] {value}/{total} documents | {doors}', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined
  const perDoor: Record<Door, number> = { api: 0, bucket: 0, topic: 0 }
  const doorText = (): string => `api ${perDoor.api}, bucket ${perDoor.bucket}, topic ${perDoor.topic}`
  bar?.start(documents.length, 0, { doors: doorText() })
  const result: SendResult = { sent: [], failures: [], startedAtMs: Date.now(), finishedAtMs: 0 }
  await pMap(documents, async (document, index) => {
    const door = assignDoor(index)
    try {
      const sent = await sendOne(context, door, document)
      result.sent.push({ ...sent, name: document.name })
      perDoor[door]++
    } catch (error) {
      result.failures.push({ door, name: document.name, error: (error as Error).message })
    }
    bar?.increment(1, { doors: doorText() })
  }, { concurrency: Math.max(1, options.concurrency) })
  bar?.stop()
  result.finishedAtMs = Date.now()
  return result
}
