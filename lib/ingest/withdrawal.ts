// Taking a document back after its door refused it. A door answers "refused" (API 503, publish
// "failed") when Kafka did not acknowledge the event in time, but an unacknowledged produce may
// still land later (kafkajs retries it, or the ack was lost on the way). So the refusal is made
// durable before the object is removed: a marker under the internal prefix names the document,
// and the processor drops an event whose object is missing and whose id carries the marker,
// instead of recording a missing_object failure for a document the caller was told was refused.
import type { Client } from 'minio'
import { withdrawnMarkerKey } from './object-keys.ts'
import { storage } from './stream-upload.ts'

export interface WithdrawnDocument {
  documentId: string
  key: string
}

export interface Withdrawal {
  /** Every marker was written: a late event of these documents will be dropped. */
  marked: boolean
  /** Every object was removed. */
  removed: boolean
}

/**
 * Writes the refusal markers, then removes the objects; the order matters, since an event that
 * finds its object gone without a marker would become a failed document. Never throws.
 */
export async function withdrawDocuments (s3: Client, bucket: string, documents: readonly WithdrawnDocument[]): Promise<Withdrawal> {
  if (documents.length === 0) return { marked: true, removed: true }
  const body = Buffer.from(JSON.stringify({ withdrawnAt: new Date().toISOString() }))
  const marked = await Promise.all(documents.map(async ({ documentId }) => {
    return storage(async () => s3.putObject(bucket, withdrawnMarkerKey(documentId), body, body.length, { 'Content-Type': 'application/json' }))
      .then(() => true, () => false)
  }))
  const removed = await s3.removeObjects(bucket, documents.map((document) => document.key)).then(() => true, () => false)
  return { marked: marked.every(Boolean), removed }
}

/** Whether a door refused this document; throws SERVICE_UNAVAILABLE when the object store fails. */
export async function isWithdrawn (s3: Client, bucket: string, documentId: string): Promise<boolean> {
  return storage(async () => {
    try {
      await s3.statObject(bucket, withdrawnMarkerKey(documentId))
      return true
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'NotFound' || code === 'NoSuchKey') return false
      throw error
    }
  })
}
