// `sluice publish`: uploads each PDF under the topic prefix and publishes its DocumentReceived
// event (source `topic`), a bounded number of files at a time, streaming each file from disk.
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { Client } from 'minio'
import pMap from 'p-map'
import type { Config } from '../../lib/config/index.ts'
import { isSluiceError } from '../../lib/errors.ts'
import type { AdmissionGate } from '../../lib/ingest/admission.ts'
import { newDocumentId } from '../../lib/ingest/document-id.ts'
import { topicObjectKey } from '../../lib/ingest/object-keys.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { checkFileName, checkMetadata } from '../../lib/ingest/limits.ts'
import { uploadDocumentStream } from '../../lib/ingest/stream-upload.ts'
import { withdrawDocuments } from '../../lib/ingest/withdrawal.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import type { InputEntry } from './inputs.ts'

export type FileOutcome =
  | { path: string, outcome: 'sent', documentId: string }
  | { path: string, outcome: 'skipped', reason: 'not_pdf' | 'empty' | 'too_large' | 'not_found' | 'invalid_name' }
  | { path: string, outcome: 'failed', reason: string }

export interface PublishSummary {
  sent: number
  skipped: number
  failed: number
}

export interface PublishOptions {
  concurrency: number
  metadata: Record<string, string>
  /** Redacts file names and metadata before they go into events. */
  callerStrings: CallerStrings
  /** Holds each file back while the processor group is too far behind (the topic door's 429). */
  admission?: AdmissionGate
  /** Called when a file waits for admission. */
  onHeld?: () => void
  onDiscovered?: () => void
  onOutcome?: (outcome: FileOutcome) => void
}

export async function publishFiles (config: Config, s3: Client, publisher: ReceivedPublisher, entries: AsyncIterable<InputEntry>, options: PublishOptions): Promise<PublishSummary> {
  const summary: PublishSummary = { sent: 0, skipped: 0, failed: 0 }
  // p-map pulls the next entry only when a slot is free, so at most `concurrency` files are open at a time.
  await pMap(entries, async (entry) => {
    options.onDiscovered?.()
    const admission = options.admission
    if (admission !== undefined && !admission.state().open) {
      admission.refused()
      options.onHeld?.()
      await admission.whenOpen()
    }
    const outcome = 'problem' in entry
      ? { path: entry.path, outcome: 'skipped' as const, reason: 'not_found' as const }
      : await publishFile(config, s3, publisher, entry.path, options)
    summary[outcome.outcome]++
    options.onOutcome?.(outcome)
  }, { concurrency: options.concurrency })
  return summary
}

async function publishFile (config: Config, s3: Client, publisher: ReceivedPublisher, path: string, options: PublishOptions): Promise<FileOutcome> {
  try {
    const { documentId } = await storeAndPublish(config, s3, publisher, createReadStream(path, { highWaterMark: 256 * 1024 }), basename(path), options.metadata, options.callerStrings)
    return { path, outcome: 'sent', documentId }
  } catch (error) {
    if (isSluiceError(error, 'NOT_PDF')) return { path, outcome: 'skipped', reason: 'not_pdf' }
    if (isSluiceError(error, 'EMPTY')) return { path, outcome: 'skipped', reason: 'empty' }
    if (isSluiceError(error, 'TOO_LARGE')) return { path, outcome: 'skipped', reason: 'too_large' }
    if (isSluiceError(error, 'FILE_NAME_TOO_LONG') || isSluiceError(error, 'FILE_NAME_INVALID')) return { path, outcome: 'skipped', reason: 'invalid_name' }
    if ((error as { code?: string }).code === 'ENOENT') return { path, outcome: 'skipped', reason: 'not_found' }
    return { path, outcome: 'failed', reason: (error as Error).message }
  }
}

/**
 * The topic door for one document: stores the bytes under the topic prefix, then publishes their
 * event. If the event cannot be published the document is withdrawn (marker, then the object is
 * removed): the file is reported failed, so it must never be processed, even if Kafka appends the
 * unacknowledged event later. The benchmark's topic door calls this too. The object is the
 * original (its `file-name` user metadata keeps the raw name); the event gets the redacted name
 * and metadata.
 */
export async function storeAndPublish (config: Config, s3: Client, publisher: ReceivedPublisher, body: AsyncIterable<Uint8Array>, fileName: string, metadata: Record<string, string>, callerStrings: CallerStrings): Promise<{ documentId: string, key: string }> {
  // Checked before anything is stored, like every door (lib/ingest/limits.ts).
  checkFileName(fileName)
  checkMetadata(metadata)
  const documentId = newDocumentId()
  const key = topicObjectKey(documentId)
  const stored = await uploadDocumentStream(s3, body, {
    bucket: config.s3.inboxBucket,
    key,
    maxBytes: config.api.maxUploadBytes,
    contentType: 'application/pdf',
    metadata: { 'document-id': documentId, 'file-name': encodeURIComponent(fileName) }
  })
  try {
    await publisher.publish([{
      documentId,
      source: 'topic',
      bucket: config.s3.inboxBucket,
      key,
      size: stored.size,
      sha256: stored.sha256,
      contentType: 'application/pdf',
      receivedAt: Date.now(),
      metadata: callerStrings.redactMap({ ...metadata, fileName })
    }])
  } catch (error) {
    await withdrawDocuments(s3, config.s3.inboxBucket, [{ documentId, key }])
    throw error
  }
  return { documentId, key }
}
