import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { bucketName } from '../../lib/config/parsers.ts'
import { SluiceError } from '../../lib/errors.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { redactLoggedErrors } from '../../lib/log.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { rescanBucket, type RescanSummary } from '../../producers/bucket-bridge/rescan.ts'

function parseBucket (raw: string): string {
  try {
    return bucketName(raw)
  } catch (error) {
    throw new SluiceError('USAGE', `--bucket ${(error as Error).message}`)
  }
}

export const bucketCommand: Command = {
  name: 'bucket',
  summary: 'Bucket maintenance: `sluice bucket rescan` emits events for objects never processed',
  usage: 'sluice bucket rescan [--bucket B] [--prefix P] [--dry-run]',
  details: 'Lists the bucket (default SLUICE_S3_INBOX_BUCKET) and publishes a DocumentReceived event (source "bucket")\n' +
    'for every object outside the reserved prefixes that has no result object in the results bucket.\n' +
    'Ids are derived from bucket, key and eTag exactly as the bridge does, so nothing is processed twice.',
  options: {
    bucket: { type: 'string', description: 'Bucket to scan', default: 'SLUICE_S3_INBOX_BUCKET' },
    prefix: { type: 'string', description: 'Only keys starting with this prefix', default: '(all)' },
    'dry-run': { type: 'boolean', description: 'List what would be published, publish nothing' }
  },
  positionals: { min: 1, max: 1 },
  run: async ({ values, positionals }) => {
    if (positionals[0] !== 'rescan') {
      process.stderr.write(`sluice bucket: unknown action "${positionals[0] ?? ''}"; the only action is "rescan"\n`)
      return exitCodes.usage
    }
    const config = loadConfig()
    const bucket = values.bucket === undefined ? config.s3.inboxBucket : parseBucket(String(values.bucket))
    const dryRun = values['dry-run'] === true
    const codec = await provisionSluice(config)
    const publisher = dryRun ? undefined : await createReceivedPublisher(config, createKafka(config, 'rescan'), codec)
    const progress = (summary: RescanSummary): void => {
      process.stderr.write(`rescan ${bucket}: ${summary.scanned} listed, ${summary.alreadyProcessed} already processed, ${summary.published} ${dryRun ? 'would be published' : 'published'}\n`)
    }
    const callerStrings = await createCallerStrings(config.redaction)
    // Kafka and S3 client errors may quote an object key or a file name.
    redactLoggedErrors(callerStrings.redact)
    try {
      const summary = await rescanBucket(config, createS3Client(config), publisher, {
        bucket,
        prefix: typeof values.prefix === 'string' ? values.prefix : '',
        dryRun,
        concurrency: config.bridge.publishConcurrency,
        callerStrings,
        onProgress: progress,
        onPending: dryRun ? (event) => process.stdout.write(`would publish ${event.documentId} ${event.key}\n`) : undefined
      })
      process.stdout.write(`${dryRun ? 'dry run: ' : ''}${summary.scanned} objects listed, ${summary.reserved} under reserved prefixes, ` +
        `${summary.alreadyProcessed} already processed, ${summary.published} ${dryRun ? 'would be published' : 'published'}, ${summary.vanished} vanished, ${summary.invalidKey} with keys over the input limits\n`)
      return exitCodes.ok
    } finally {
      await publisher?.disconnect()
    }
  }
}
