// Turns an object in the inbox bucket into its DocumentReceived event. Shared by the bridge
// (objects named by notifications) and the rescan (objects found by listing), so both derive
// the same document id for the same object version and downstream dedupes them.
import { posix } from 'node:path'
import type { Client } from 'minio'
import type { DocumentReceived } from '../../lib/events/types.ts'
import { bucketObjectDocumentId } from '../../lib/ingest/document-id.ts'
import { storage } from '../../lib/ingest/stream-upload.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'

export interface ObjectHead {
  key: string
  size: number
  eTag: string
  contentType: string
}

/** HEADs the first candidate key that exists; undefined when none does (deleted since). */
export async function headFirstExisting (s3: Client, bucket: string, keyCandidates: string[]): Promise<ObjectHead | undefined> {
  for (const key of keyCandidates) {
    const head = await storage(async () => {
      try {
        return await s3.statObject(bucket, key)
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'NotFound' || code === 'NoSuchKey') return undefined
        throw error
      }
    })
    if (head !== undefined) {
      const contentType = head.metaData['content-type'] as string | undefined
      return { key, size: head.size, eTag: head.etag, contentType: contentType ?? 'application/octet-stream' }
    }
  }
  return undefined
}

/**
 * `key` is the raw object key: the processor needs it to fetch the object, and it is the one field
 * of the event that holds it. The file name in the metadata and the Content-Type the dropper sent
 * are redacted like any caller string.
 */
export function bucketDocumentEvent (bucket: string, head: ObjectHead, receivedAt: number, callerStrings: CallerStrings): DocumentReceived {
  return {
    documentId: bucketObjectDocumentId(bucket, head.key, head.eTag),
    source: 'bucket',
    bucket,
    key: head.key,
    size: head.size,
    // The bridge never reads the bytes; the processor hashes what it fetches.
    sha256: '',
    contentType: callerStrings.redact(head.contentType),
    receivedAt,
    metadata: { fileName: callerStrings.redact(posix.basename(head.key)), eTag: head.eTag }
  }
}
