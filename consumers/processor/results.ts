// Where a document's outcome is stored in the results bucket. Keys derive only from the
// document id, so a redelivered event overwrites the same objects instead of adding copies.
import type { Client } from 'minio'
import type { DocumentProcessed } from '../../lib/events/types.ts'
import { summaryKey } from '../../lib/ingest/object-keys.ts'

// The upload API reads the summary for GET /v1/documents/:id, so its key lives with the other object keys.
export { summaryKey }

export function redactedTextKey (documentId: string): string {
  return `documents/${documentId}/redacted.txt`
}

/** Redacted text of every page, pages separated by form feeds (as pdftotext does). */
export async function storeRedactedText (s3: Client, bucket: string, documentId: string, redactedText: string): Promise<void> {
  const body = Buffer.from(redactedText, 'utf8')
  await s3.putObject(bucket, redactedTextKey(documentId), body, body.byteLength, { 'Content-Type': 'text/plain; charset=utf-8' })
}

/** The processed-document event as JSON: counts, timings and reasons, never document text. */
export async function storeSummary (s3: Client, bucket: string, event: DocumentProcessed): Promise<void> {
  const body = Buffer.from(JSON.stringify(event, null, 2) + '\n', 'utf8')
  await s3.putObject(bucket, summaryKey(event.documentId), body, body.byteLength, { 'Content-Type': 'application/json' })
}
