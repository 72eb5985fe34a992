// `sluice processor`: runs one processor process until SIGTERM/SIGINT. Start more of them
// (here or on other machines) with the same consumer group to scale out.
import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { createLogger } from '../../lib/log.ts'
import { startProcessor } from '../../consumers/processor/processor.ts'

export const processorCommand: Command = {
  name: 'processor',
  summary: 'Consume received documents: extract, redact, store and publish results',
  usage: 'sluice processor [--workers N] [--concurrency N]',
  details: [
    'Joins the consumer group SLUICE_PROCESSOR_GROUP on SLUICE_TOPIC_RECEIVED. Each document is fetched',
    'from S3, extracted and redacted in a worker thread, its redacted text and summary stored in',
    'SLUICE_S3_RESULTS_BUCKET under documents/<documentId>/, and a DocumentProcessed event published.',
    'Serves Prometheus metrics on SLUICE_METRICS_PROCESSOR_PORT or the next free port.',
    'SIGTERM/SIGINT drains in-flight documents, commits and leaves the group (bounded by',
    'SLUICE_PROCESSOR_SHUTDOWN_TIMEOUT). See docs/processor.md.'
  ].join('\n'),
  options: {
    workers: { type: 'string', short: 'w', description: 'Worker threads for extraction and redaction (SLUICE_PROCESSOR_WORKERS)', default: 'number of cores' },
    concurrency: { type: 'string', short: 'c', description: 'Partitions consumed concurrently (SLUICE_PROCESSOR_CONCURRENCY)', default: '4' }
  },
  run: async ({ values }) => {
    const config = loadConfig()
    const workers = positiveInteger(values.workers, '--workers') ?? config.processor.workers
    const concurrency = positiveInteger(values.concurrency, '--concurrency') ?? config.processor.concurrency
    const log = createLogger('processor')
    let fatal: Error | undefined
    let wake: () => void = () => {}
    const stopRequested = new Promise<string>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => resolve(signal)
      process.once('SIGTERM', onSignal)
      process.once('SIGINT', onSignal)
      wake = () => resolve('fatal')
    })
    const processor = await startProcessor(config, {
      workers,
      concurrency,
      onFatal: (error) => {
        fatal = error
        wake()
      }
    })
    const reason = await stopRequested
    log.info({ reason, timeoutMs: config.processor.shutdownTimeoutMs }, 'stopping: draining in-flight documents')
    // Whatever is not committed by the deadline is redelivered to another member; nothing is lost.
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: config.processor.shutdownTimeoutMs }, 'drain did not finish in time; exiting without it')
      process.exit(exitCodes.internalError)
    }, config.processor.shutdownTimeoutMs)
    deadline.unref()
    await processor.stop()
    clearTimeout(deadline)
    if (fatal !== undefined) {
      throw new SluiceError('SERVICE_UNAVAILABLE', `the Kafka consumer stopped for good: ${fatal.message}`, { hint: 'Check the broker (`sluice stack status`) and start the processor again.' })
    }
    return exitCodes.ok
  }
}

function positiveInteger (value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (typeof value !== 'string' || !/^\d+$/.test(value) || parsed < 1 || parsed > 256) {
    throw new SluiceError('USAGE', `${name} must be a whole number from 1 to 256, got "${String(value)}".`)
  }
  return parsed
}
