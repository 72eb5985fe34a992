// Steady load through all three doors at once, with a ledger of every answer: the API (uploads
// under an Idempotency-Key, so a refused upload's document id is known too), the bucket (objects
// put into the inbox; the id derives from key and eTag, which is the content's MD5 for a plain
// put) and the topic door (`sluice publish`'s storeAndPublish, as the benchmark runs it).
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import { bucketObjectDocumentId } from '../../lib/ingest/document-id.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { idempotencyScope } from '../../producers/api/idempotency.ts'
import { storeAndPublish } from '../../producers/publish/publish.ts'
import { onePagePdf } from '../support/ingest.ts'

export type Door = 'api' | 'bucket' | 'topic'

export interface Answer {
  door: Door
  /** Undefined only for a refused topic-door file (the id is made inside the door). */
  documentId: string | undefined
  accepted: boolean
  /** What the door answered: an HTTP status, 'stored' or the error's code/message. */
  answer: string
  bytes: number
  atMs: number
}

export interface LoadTarget {
  config: Config
  apiUrl: string
  apiKey: string
  s3: Client
  publisher: ReceivedPublisher
  callerStrings: CallerStrings
}

export interface SteadyLoad {
  /** Stops sending; resolves once every request in flight has its answer. */
  stop: () => Promise<Answer[]>
  /** Answers so far. */
  answers: () => Answer[]
}

/** Status codes a door may answer without a bug: accepted, or refused for a reason a client retries on. */
const refusalStatuses = new Set([429, 503])

async function uploadToApi (target: LoadTarget, pdf: Buffer, label: string): Promise<Answer> {
  const key = `faults-${label}`
  const keyHash = createHash('sha256').update(target.apiKey, 'utf8').digest('hex')
  const documentId = idempotencyScope(keyHash, key)?.documentIdFor(0)
  const response = await fetch(`${target.apiUrl}/v1/documents`, {
    method: 'POST',
    body: new Uint8Array(pdf),
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/pdf', 'idempotency-key': key },
    signal: AbortSignal.timeout(60_000)
  })
  const body = await response.json() as { error?: { code: string } }
  if (response.status !== 202 && !refusalStatuses.has(response.status)) {
    throw new Error(`the API answered ${response.status} ${JSON.stringify(body)} to an ordinary upload`)
  }
  const answer = response.status === 202 ? '202' : `${response.status} ${body.error?.code ?? ''}`
  return { door: 'api', documentId, accepted: response.status === 202, answer, bytes: pdf.byteLength, atMs: Date.now() }
}

async function dropIntoBucket (target: LoadTarget, pdf: Buffer, label: string): Promise<Answer> {
  const key = `drops/faults-${label}.pdf`
  const documentId = bucketObjectDocumentId(target.config.s3.inboxBucket, key, createHash('md5').update(pdf).digest('hex'))
  try {
    await target.s3.putObject(target.config.s3.inboxBucket, key, pdf, pdf.byteLength, { 'Content-Type': 'application/pdf' })
    return { door: 'bucket', documentId, accepted: true, answer: 'stored', bytes: pdf.byteLength, atMs: Date.now() }
  } catch (error) {
    return { door: 'bucket', documentId, accepted: false, answer: (error as Error).message, bytes: pdf.byteLength, atMs: Date.now() }
  }
}

async function publishToTopic (target: LoadTarget, pdf: Buffer, label: string): Promise<Answer> {
  try {
    const { documentId } = await storeAndPublish(target.config, target.s3, target.publisher, Readable.from([pdf]), `faults-${label}.pdf`, {}, target.callerStrings)
    return { door: 'topic', documentId, accepted: true, answer: 'sent', bytes: pdf.byteLength, atMs: Date.now() }
  } catch (error) {
    return { door: 'topic', documentId: undefined, accepted: false, answer: (error as Error).message, bytes: pdf.byteLength, atMs: Date.now() }
  }
}

const doors: Record<Door, (target: LoadTarget, pdf: Buffer, label: string) => Promise<Answer>> = {
  api: uploadToApi,
  bucket: dropIntoBucket,
  topic: publishToTopic
}

/**
 * Sends one new document through each door every `intervalMs`, without waiting for earlier
 * answers (a door that hangs during an outage must not slow the others down). Every document is
 * a distinct one-page PDF, so every answer is about one document.
 */
export function startSteadyLoad (target: LoadTarget, name: string, intervalMs: number): SteadyLoad {
  const answers: Answer[] = []
  const inFlight = new Set<Promise<void>>()
  const failures: Error[] = []
  let sequence = 0
  const run = randomBytes(3).toString('hex')
  const send = (): void => {
    sequence++
    for (const door of Object.keys(doors) as Door[]) {
      const label = `${name}-${run}-${door}-${sequence}`
      const work = onePagePdf(`Fault case ${label}`)
        .then(async (pdf) => doors[door](target, pdf, label))
        .then((answer) => { answers.push(answer) }, (error: Error) => { failures.push(error) })
        .finally(() => inFlight.delete(work))
      inFlight.add(work)
    }
  }
  const timer = setInterval(send, intervalMs)
  send()
  return {
    answers: () => answers,
    stop: async () => {
      clearInterval(timer)
      while (inFlight.size > 0) await Promise.all(inFlight)
      if (failures.length > 0) throw new Error(`${failures.length} answers were neither an acceptance nor a refusal: ${failures.slice(0, 3).map((error) => error.message).join('; ')}`)
      return answers
    }
  }
}
