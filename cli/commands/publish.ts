import { SingleBar } from 'cli-progress'
import { exitCodes, type Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { startConfiguredAdmission } from '../../lib/ingest/admission.ts'
import { checkMetadata } from '../../lib/ingest/limits.ts'
import { createReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { redactLoggedErrors } from '../../lib/log.ts'
import { createCallerStrings } from '../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { expandInputs } from '../../producers/publish/inputs.ts'
import { publishFiles } from '../../producers/publish/publish.ts'

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Upload PDFs and publish their received-document events to Kafka',
  usage: 'sluice publish <files|directories|globs>... [--concurrency N] [--metadata key=value]...',
  details: 'Each PDF is stored in SLUICE_S3_INBOX_BUCKET under topic/<documentId>.pdf and its DocumentReceived event\n' +
    '(source "topic") is published once the object is stored. Files that are not PDFs (by their first bytes),\n' +
    'empty or over SLUICE_MAX_UPLOAD_BYTES are skipped with a reason. Directories are walked recursively;\n' +
    'quote globs so that Sluice expands them (e.g. "scans/**/*.pdf"). While the processor group is further behind\n' +
    'than SLUICE_ADMISSION_MAX_LAG, files wait until it catches up (the API answers 429 then). Exit code 1 if any file failed.',
  options: {
    concurrency: { type: 'string', short: 'c', description: 'Files uploaded at once', default: 'SLUICE_PUBLISH_CONCURRENCY' },
    metadata: { type: 'string', short: 'm', multiple: true, description: 'Metadata key=value added to every event (repeatable)' },
    quiet: { type: 'boolean', short: 'q', description: 'No progress bar and no per-file lines for skipped files' }
  },
  positionals: { min: 1, max: Infinity },
  run: async ({ values, positionals }) => {
    const config = loadConfig()
    const concurrency = integerOption('concurrency', values.concurrency, 1, 256) ?? config.bridge.publishConcurrency
    const metadata = parseMetadata((values.metadata ?? []) as string[])
    const codec = await provisionSluice(config)
    const kafka = createKafka(config, 'publish')
    const publisher = await createReceivedPublisher(config, kafka, codec)
    const admission = await startConfiguredAdmission(config, kafka, 'publish')
    let held = 0
    const quiet = values.quiet === true
    const bar = new SingleBar({ stream: process.stderr, format: 'publish [{bar}] {value}/{total} files | sent {sent} skipped {skipped} failed {failed} | {eta_formatted}', hideCursor: true, noTTYOutput: false, etaBuffer: 200 })
    let discovered = 0
    const counts = { sent: 0, skipped: 0, failed: 0 }
    const callerStrings = await createCallerStrings(config.redaction)
    // Kafka and S3 client errors may quote an object key or a file name.
    redactLoggedErrors(callerStrings.redact)
    if (!quiet) bar.start(0, 0, counts)
    try {
      const summary = await publishFiles(config, createS3Client(config), publisher, expandInputs(positionals), {
        concurrency,
        metadata,
        callerStrings,
        admission: admission.gate,
        onHeld: () => {
          if (held++ === 0) process.stderr.write('\nprocessing is behind by more than SLUICE_ADMISSION_MAX_LAG: waiting for it to catch up\n')
        },
        onDiscovered: () => {
          discovered++
          if (!quiet) bar.setTotal(discovered)
        },
        onOutcome: (outcome) => {
          counts[outcome.outcome]++
          if (!quiet) bar.increment(counts)
          if (outcome.outcome === 'failed') process.stderr.write(`\nfailed: ${outcome.path}: ${outcome.reason}\n`)
          if (outcome.outcome === 'skipped' && !quiet) process.stderr.write(`\nskipped: ${outcome.path}: ${outcome.reason}\n`)
        }
      })
      if (!quiet) bar.stop()
      process.stdout.write(`published ${summary.sent}, skipped ${summary.skipped}, failed ${summary.failed}${held > 0 ? `; ${held} files waited for processing to catch up` : ''}\n`)
      return summary.failed > 0 ? exitCodes.internalError : exitCodes.ok
    } finally {
      if (!quiet) bar.stop()
      await admission.close()
      await publisher.disconnect()
    }
  }
}

function parseMetadata (pairs: string[]): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const pair of pairs) {
    const separator = pair.indexOf('=')
    if (separator < 1) throw new SluiceError('USAGE', `--metadata must be key=value, got "${pair}"`)
    metadata[pair.slice(0, separator)] = pair.slice(separator + 1)
  }
  try {
    checkMetadata(metadata)
  } catch (error) {
    throw new SluiceError('USAGE', `--metadata: ${(error as Error).message}`)
  }
  return metadata
}
