// Sending one document through each of Sluice's three doors, exactly as a user would:
// an HTTP upload to the API, an object put into the inbox bucket with an S3 client, and an
// object stored under the topic prefix followed by a received-document event on Kafka.
// Each returns the document id, so the caller can find the outcome in ClickHouse.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import type { AdmissionGate } from '../../lib/ingest/admission.ts'
import { bucketObjectDocumentId } from '../../lib/ingest/document-id.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { storeAndPublish } from '../../producers/publish/publish.ts'

export const doors = ['api', 'bucket', 'topic'] as const
export type Door = typeof doors[number]

/** `deferrals`: how often the door said "not now" (API 429, closed admission) before it accepted. */
export interface Sent { door: Door, documentId: string, key?: string, latencyMs: number, deferrals: number }

/** A refused upload is retried after its Retry-After for at most this long. */
const admissionPatienceMs = 300_000

export function apiBaseUrl (config: Config): string {
  return `http://${config.api.host}:${config.api.port}`
}

/**
 * POST /v1/documents; resolves on 202 with the new id. Without form fields the body is the raw
 * PDF (file name in X-File-Name); with them it is a multipart form, fields first, then the file.
 * With an idempotency key the API keeps a record of the reply in the inbox's internal prefix.
 * A 429 (processing is behind) is retried after the seconds its Retry-After names, as a
 * well-behaved client does; the latency includes those waits.
 */
export async function sendThroughApi (config: Config, pdf: Uint8Array, fileName: string, fields: Record<string, string> = {}, idempotencyKey?: string): Promise<Sent> {
  const started = performance.now()
  for (let deferrals = 0; ; deferrals++) {
    const response = await postDocument(config, pdf, fileName, fields, idempotencyKey)
    const text = await response.text()
    if (response.status === 429 && performance.now() - started < admissionPatienceMs) {
      await sleep(retryAfterMs(response.headers.get('retry-after')))
      continue
    }
    if (response.status !== 202) {
      throw new SluiceError('SERVICE_UNAVAILABLE', `the API answered ${response.status} to an upload: ${text.slice(0, 200)}`)
    }
    return { door: 'api', documentId: documentIdFromReply(text), latencyMs: performance.now() - started, deferrals }
  }
}

/** Retry-After in seconds (the API never sends a date); a missing or odd value waits one second. */
export function retryAfterMs (header: string | null): number {
  const seconds = Number(header)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000
}

async function postDocument (config: Config, pdf: Uint8Array, fileName: string, fields: Record<string, string>, idempotencyKey: string | undefined): Promise<Response> {
  const authorization = `Bearer ${config.api.keys[0] as string}`
  const idempotency: Record<string, string> = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }
  const withFields = Object.keys(fields).length > 0
  const form = new FormData()
  if (withFields) {
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), fileName)
  }
  return fetch(`${apiBaseUrl(config)}/v1/documents`, {
    method: 'POST',
    headers: withFields
      ? { authorization, ...idempotency }
      : { authorization, ...idempotency, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(fileName) },
    body: withFields ? form : new Uint8Array(pdf),
    signal: AbortSignal.timeout(30_000)
  })
}

/** The API replies 202 with `{ documents: [{ documentId, statusUrl }] }`. */
export function documentIdFromReply (body: string): string {
  const reply = JSON.parse(body) as { documents?: Array<{ documentId?: unknown }> }
  const id = reply.documents?.[0]?.documentId
  if (typeof id !== 'string') throw new SluiceError('INTERNAL', `no document id in the API reply: ${body.slice(0, 200)}`)
  return id
}

/** Puts the object into the inbox bucket; the object store's notification does the rest. */
export async function dropInBucket (s3: Client, bucket: string, key: string, pdf: Uint8Array): Promise<Sent> {
  const started = performance.now()
  const { etag } = await s3.putObject(bucket, key, Buffer.from(pdf), pdf.byteLength, { 'Content-Type': 'application/pdf' })
  return { door: 'bucket', documentId: bucketObjectDocumentId(bucket, key, etag), key, latencyMs: performance.now() - started, deferrals: 0 }
}

/**
 * What `sluice publish` does per file: wait while admission is closed, store the object under the
 * topic prefix, then publish its event.
 */
export async function publishToTopic (config: Config, s3: Client, publisher: ReceivedPublisher, callerStrings: CallerStrings, pdf: Uint8Array, fileName: string, metadata: Record<string, string> = {}, admission?: AdmissionGate): Promise<Sent> {
  const started = performance.now()
  let deferrals = 0
  if (admission !== undefined && !admission.state().open) {
    deferrals++
    admission.refused()
    await admission.whenOpen()
  }
  const { documentId, key } = await storeAndPublish(config, s3, publisher, oneChunk(pdf), fileName, metadata, callerStrings)
  return { door: 'topic', documentId, key, latencyMs: performance.now() - started, deferrals }
}

async function * oneChunk (bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes
}
