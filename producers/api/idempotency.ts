// Idempotency records live in the inbox bucket under the reserved internal prefix, so they
// survive restarts and are shared by every API replica. A record is written only after the
// events were acknowledged; document ids under an Idempotency-Key are derived from the key, so
// two racing requests with the same key produce the same ids and downstream dedupes them.
import { createHash } from 'node:crypto'
import type { Client } from 'minio'
import { storage } from '../../lib/ingest/stream-upload.ts'
import { deriveDocumentId } from '../../lib/ingest/document-id.ts'
import { idempotencyRecordKey } from '../../lib/ingest/object-keys.ts'
import { ApiError } from './errors.ts'

export interface AcceptedDocument {
  documentId: string
  statusUrl: string
  fileName: string
  size: number
  sha256: string
}

export interface IdempotencyScope {
  recordKey: string
  documentIdFor: (index: number) => string
}

const keyPattern = /^[\x21-\x7e]{1,200}$/

export function idempotencyScope (keyHash: string, header: string | undefined): IdempotencyScope | undefined {
  if (header === undefined) return undefined
  if (!keyPattern.test(header)) throw new ApiError('INVALID_IDEMPOTENCY_KEY')
  const scope = createHash('sha256').update(keyHash).update('\n').update(header).digest('hex')
  return {
    recordKey: idempotencyRecordKey(scope),
    documentIdFor: (index) => deriveDocumentId('api-idempotency', scope, String(index))
  }
}

export async function readIdempotencyRecord (s3: Client, bucket: string, scope: IdempotencyScope): Promise<AcceptedDocument[] | undefined> {
  return storage(async () => {
    try {
      const stream = await s3.getObject(bucket, scope.recordKey)
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { documents: AcceptedDocument[] }).documents
    } catch (error) {
      if ((error as { code?: string }).code === 'NoSuchKey') return undefined
      throw error
    }
  })
}

export async function writeIdempotencyRecord (s3: Client, bucket: string, scope: IdempotencyScope, documents: AcceptedDocument[]): Promise<void> {
  const body = Buffer.from(JSON.stringify({ documents, createdAt: new Date().toISOString() }))
  await storage(async () => s3.putObject(bucket, scope.recordKey, body, body.length, { 'Content-Type': 'application/json' }))
}
