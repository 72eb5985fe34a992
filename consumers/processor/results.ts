// Stores a document's outcome in the results bucket, under the keys of lib/ingest/object-keys.ts.
import type { Client } from 'minio'
import type { DocumentProcessed } from '../../lib/events/types.ts'
import { redactedTextKey, summaryKey } from '../../lib/ingest/object-keys.ts'

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
