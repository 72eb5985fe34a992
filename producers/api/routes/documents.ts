// POST /v1/documents (upload) and GET /v1/documents/:id (status).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { newDocumentId, isDocumentId } from '../../../lib/ingest/document-id.ts'
import { apiObjectKey, topicObjectKey } from '../../../lib/ingest/object-keys.ts'
import { readOutcomeSummary } from '../../../lib/results/document-result.ts'
import { storage } from '../../../lib/ingest/stream-upload.ts'
import type { DocumentReceived } from '../../../lib/events/types.ts'
import type { ApiContext } from '../context.ts'
import { ApiError, toApiError } from '../errors.ts'
import { idempotencyScope, readIdempotencyRecord, writeIdempotencyRecord, type AcceptedDocument } from '../idempotency.ts'
import { withdrawDocuments } from '../../../lib/ingest/withdrawal.ts'
import { storeMultipartUpload, storeRawUpload, type StoredUpload, type UploadTarget } from '../upload-stream.ts'

export function documentRoutes (app: FastifyInstance, context: ApiContext): void {
  app.post('/v1/documents', async (request, reply) => upload(request, reply, context))
  app.get<{ Params: { id: string } }>('/v1/documents/:id', async (request, reply) => status(request.params.id, reply, context))
}

async function upload (request: FastifyRequest, reply: FastifyReply, context: ApiContext): Promise<unknown> {
  const { config, s3, metrics } = context
  const caller = context.authenticate(request.headers.authorization)
  const admission = context.admission.state()
  if (!admission.open) {
    // Before the body is read and before anything is stored: a refused upload costs no S3 request.
    context.admission.refused()
    throw new ApiError('OVERLOADED', undefined, { retryAfterSeconds: admission.retryAfterSeconds })
  }
  const scope = idempotencyScope(caller.keyHash, headerValue(request.headers['idempotency-key']))
  if (scope !== undefined) {
    const previous = await readIdempotencyRecord(s3, config.s3.inboxBucket, scope).catch((error: unknown) => { throw toApiError(error, 'storage') })
    if (previous !== undefined) {
      metrics.documents.inc({ outcome: 'replayed' }, previous.length)
      return reply.code(202).header('idempotent-replayed', 'true').send({ documents: previous })
    }
  }
  let readBytes = 0
  const target: UploadTarget = {
    s3,
    bucket: config.s3.inboxBucket,
    maxBytes: config.api.maxUploadBytes,
    documentIdFor: scope?.documentIdFor ?? newDocumentId,
    observe: (bytes, seconds) => {
      readBytes += bytes
      metrics.storeSeconds.observe(seconds)
    },
    orphaned: (stored) => context.log.error({ keys: stored.map((upload) => upload.key) }, 'could not remove objects of a rejected upload; they are not processed and can be deleted')
  }
  let stored: StoredUpload[]
  try {
    stored = request.isMultipart() ? await storeMultipartUpload(request, target) : await storeRawUpload(request, target)
  } catch (error) {
    metrics.uploadBytes.inc({ outcome: 'rejected' }, readBytes)
    throw error
  }
  const receivedAt = Date.now()
  const events: DocumentReceived[] = stored.map((upload) => ({
    documentId: upload.documentId,
    source: 'api',
    bucket: config.s3.inboxBucket,
    key: upload.key,
    size: upload.size,
    sha256: upload.sha256,
    contentType: upload.contentType,
    receivedAt,
    metadata: context.callerStrings.redactMap(upload.metadata)
  }))
  const publishStarted = performance.now()
  try {
    await context.publisher.publish(events)
  } catch (error) {
    metrics.uploadBytes.inc({ outcome: 'rejected' }, readBytes)
    // Refused, so the documents must never be processed, even if Kafka appends the events later.
    const withdrawal = await withdrawDocuments(s3, config.s3.inboxBucket, stored)
    if (!withdrawal.marked) context.log.error({ documentIds: stored.map((upload) => upload.documentId) }, 'could not mark refused documents as withdrawn; if Kafka still appends their events they end as missing_object failures')
    if (!withdrawal.removed) target.orphaned(stored)
    throw toApiError(error, 'kafka')
  }
  metrics.publishSeconds.observe((performance.now() - publishStarted) / 1000)
  metrics.uploadBytes.inc({ outcome: 'accepted' }, readBytes)
  metrics.documents.inc({ outcome: 'accepted' }, stored.length)
  const documents: AcceptedDocument[] = stored.map((upload) => ({
    documentId: upload.documentId,
    statusUrl: `/v1/documents/${upload.documentId}`,
    // The reply is replayed from the idempotency record, which is an output: the name is redacted.
    fileName: context.callerStrings.redact(upload.fileName),
    size: upload.size,
    sha256: upload.sha256
  }))
  if (scope !== undefined) {
    // The events are out; a missing record only means a retry re-sends the same ids, which downstream dedupes.
    await writeIdempotencyRecord(s3, config.s3.inboxBucket, scope, documents).catch((error: unknown) => {
      context.log.warn({ error: (error as Error).message }, 'could not store the idempotency record')
    })
  }
  if (documents.length === 1) reply.header('location', documents[0]?.statusUrl)
  return reply.code(202).send({ documents })
}

async function status (documentId: string, reply: FastifyReply, context: ApiContext): Promise<unknown> {
  const { config } = context
  context.authenticate(reply.request.headers.authorization)
  if (!isDocumentId(documentId)) throw new ApiError('INVALID_DOCUMENT_ID')
  try {
    // Reads the result object only up to the end of its summary, never the text after it.
    const summary = await storage(async () => readOutcomeSummary(context.s3, config.s3.resultsBucket, documentId))
    if (summary !== undefined) return reply.send({ documentId, status: summary.status, summary })
    for (const key of [apiObjectKey(documentId), topicObjectKey(documentId)]) {
      if (await exists(context, config.s3.inboxBucket, key)) return reply.send({ documentId, status: 'pending' })
    }
  } catch (error) {
    throw toApiError(error, 'storage')
  }
  throw new ApiError('DOCUMENT_NOT_FOUND', `No document ${documentId} is known. Documents dropped into the bucket are found here once processed.`)
}

async function exists (context: ApiContext, bucket: string, key: string): Promise<boolean> {
  return storage(async () => {
    try {
      await context.s3.statObject(bucket, key)
      return true
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'NotFound' || code === 'NoSuchKey') return false
      throw error
    }
  })
}

function headerValue (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
