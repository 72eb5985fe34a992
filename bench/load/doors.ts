// Sending one document through each of Sluice's three doors, exactly as a user would:
// an HTTP upload to the API, an object put into the inbox bucket with an S3 client, and an
// object stored under the topic prefix followed by a received-document event on Kafka.
// Each returns the document id, so the caller can find the outcome in ClickHouse.
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { bucketObjectDocumentId } from '../../lib/ingest/document-id.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { storeAndPublish } from '../../producers/publish/publish.ts'

export const doors = ['api', 'bucket', 'topic'] as const
export type Door = typeof doors[number]

export interface Sent { door: Door, documentId: string, key?: string, latencyMs: number }

export function apiBaseUrl (config: Config): string {
  return `http://${config.api.host}:${config.api.port}`
}

/**
 * POST /v1/documents; resolves on 202 with the new id. Without form fields the body is the raw
 * PDF (file name in X-File-Name); with them it is a multipart form, fields first, then the file.
 * With an idempotency key the API keeps a record of the reply in the inbox's internal prefix.
 */
export async function sendThroughApi (config: Config, pdf: Uint8Array, fileName: string, fields: Record<string, string> = {}, idempotencyKey?: string): Promise<Sent> {
  const started = performance.now()
  const authorization = `Bearer ${config.api.keys[0] as string}`
  const idempotency: Record<string, string> = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }
  const withFields = Object.keys(fields).length > 0
  const form = new FormData()
  if (withFields) {
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), fileName)
  }
  const response = await fetch(`${apiBaseUrl(config)}/v1/documents`, {
    method: 'POST',
    headers: withFields
      ? { authorization, ...idempotency }
      : { authorization, ...idempotency, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(fileName) },
    body: withFields ? form : new Uint8Array(pdf),
    signal: AbortSignal.timeout(30_000)
  })
  const text = await response.text()
  if (response.status !== 202) {
    throw new SluiceError('SERVICE_UNAVAILABLE', `the API answered ${response.status} to an upload: ${text.slice(0, 200)}`)
  }
  return { door: 'api', documentId: documentIdFromReply(text), latencyMs: performance.now() - started }
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
  return { door: 'bucket', documentId: bucketObjectDocumentId(bucket, key, etag), key, latencyMs: performance.now() - started }
}

/** What `sluice publish` does per file: store the object under the topic prefix, then publish its event. */
export async function publishToTopic (config: Config, s3: Client, publisher: ReceivedPublisher, callerStrings: CallerStrings, pdf: Uint8Array, fileName: string, metadata: Record<string, string> = {}): Promise<Sent> {
  const started = performance.now()
  const { documentId, key } = await storeAndPublish(config, s3, publisher, oneChunk(pdf), fileName, metadata, callerStrings)
  return { door: 'topic', documentId, key, latencyMs: performance.now() - started }
}

async function * oneChunk (bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes
}
