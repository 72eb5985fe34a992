// The safety net for lost notifications: lists a bucket and publishes DocumentReceived events
// for the objects that were never processed (no result object for their derived id in the
// results bucket). Ids are the bridge's, so an object both notified and rescanned is one document.
import type { Client } from 'minio'
import pMap from 'p-map'
import type { Config } from '../../lib/config/index.ts'
import type { DocumentReceived } from '../../lib/events/types.ts'
import { bucketObjectDocumentId } from '../../lib/ingest/document-id.ts'
import { isUsableObjectKey } from '../../lib/ingest/limits.ts'
import { isReservedKey, outcomeKeys } from '../../lib/ingest/object-keys.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import { storage } from '../../lib/ingest/stream-upload.ts'
import { listObjects } from '../../lib/s3/list-objects.ts'
import { bucketDocumentEvent, headFirstExisting } from './object-event.ts'

export interface RescanOptions {
  bucket: string
  prefix: string
  dryRun: boolean
  concurrency: number
  /** Redacts the file name that goes into each event's metadata. */
  callerStrings: CallerStrings
  onProgress?: (summary: RescanSummary) => void
  /** Called for each object that is (or, in a dry run, would be) published. */
  onPending?: (event: DocumentReceived) => void
  /** Objects to leave alone without checking (e.g. just published by the bridge itself). */
  skip?: (object: { documentId: string, lastModified: Date | undefined }) => boolean
}

export interface RescanSummary {
  scanned: number
  reserved: number
  alreadyProcessed: number
  published: number
  /** Listed but gone before it could be read. */
  vanished: number
  /** Left alone by the `skip` option. */
  skipped: number
  /** Keys that break the input limits (lib/ingest/limits.ts): no event, named on stderr by the command. */
  invalidKey: number
}

const chunkSize = 200

export async function rescanBucket (config: Config, s3: Client, publisher: ReceivedPublisher | undefined, options: RescanOptions): Promise<RescanSummary> {
  const summary: RescanSummary = { scanned: 0, reserved: 0, alreadyProcessed: 0, published: 0, vanished: 0, skipped: 0, invalidKey: 0 }
  let chunk: Array<{ name: string, etag: string }> = []
  const flush = async (): Promise<void> => {
    const events = await pMap(chunk, async (object) => pendingEvent(config, s3, options, object, summary), { concurrency: options.concurrency })
    const pending = events.filter((event): event is DocumentReceived => event !== undefined)
    if (!options.dryRun && pending.length > 0) await publisher?.publish(pending)
    for (const event of pending) options.onPending?.(event)
    summary.published += pending.length
    chunk = []
    options.onProgress?.(summary)
  }
  const listing = listObjects(s3, options.bucket, options.prefix)
  for (let next = await storage(async () => listing.next()); next.done !== true; next = await storage(async () => listing.next())) {
    const item = next.value
    summary.scanned++
    if (isReservedKey(item.key)) {
      summary.reserved++
      continue
    }
    if (!isUsableObjectKey(item.key)) {
      summary.invalidKey++
      continue
    }
    if (options.skip?.({ documentId: bucketObjectDocumentId(options.bucket, item.key, item.eTag), lastModified: item.lastModified }) === true) {
      summary.skipped++
      continue
    }
    chunk.push({ name: item.key, etag: item.eTag })
    if (chunk.length >= chunkSize) await flush()
  }
  await flush()
  return summary
}

async function pendingEvent (config: Config, s3: Client, options: RescanOptions, object: { name: string, etag: string }, summary: RescanSummary): Promise<DocumentReceived | undefined> {
  const { bucket } = options
  if (await hasOutcome(config, s3, bucketObjectDocumentId(bucket, object.name, object.etag))) {
    summary.alreadyProcessed++
    return undefined
  }
  const head = await headFirstExisting(s3, bucket, [object.name])
  if (head === undefined) {
    summary.vanished++
    return undefined
  }
  const event = bucketDocumentEvent(bucket, head, Date.now(), options.callerStrings)
  // Overwritten since the listing: the new version has its own id, check that one too.
  if (event.documentId !== bucketObjectDocumentId(bucket, object.name, object.etag) && await hasOutcome(config, s3, event.documentId)) {
    summary.alreadyProcessed++
    return undefined
  }
  return event
}

async function hasOutcome (config: Config, s3: Client, documentId: string): Promise<boolean> {
  return (await headFirstExisting(s3, config.s3.resultsBucket, outcomeKeys(documentId))) !== undefined
}
