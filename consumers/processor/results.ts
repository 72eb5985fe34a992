// Stores a document's outcome in the results bucket: one object per document, for every outcome
// (lib/results/document-result.ts), under the key of lib/ingest/object-keys.ts.
import type { Client } from 'minio'
import type { DocumentProcessed } from '../../lib/events/types.ts'
import { resultKey } from '../../lib/ingest/object-keys.ts'
import { encodeDocumentResult } from '../../lib/results/document-result.ts'

/**
 * `redactedText`: every page, pages separated by form feeds (as pdftotext does); null for a failed
 * document. The summary is the processed event, never document text.
 */
export async function storeResult (s3: Client, bucket: string, summary: DocumentProcessed, redactedText: string | null): Promise<void> {
  const body = encodeDocumentResult(summary, redactedText)
  await s3.putObject(bucket, resultKey(summary.documentId), body, body.byteLength, { 'Content-Type': 'application/json; charset=utf-8' })
}
