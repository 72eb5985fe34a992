// `sluice processor`: runs one processor process until SIGTERM/SIGINT. Start more of them
// (here or on other machines) with the same consumer group to scale out.
import type { Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { runService } from '../run-service.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { processorOptions } from '../../consumers/processor/options.ts'
import { processorService } from '../../consumers/processor/service.ts'

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
    const options = processorOptions(config, {
      workers: integerOption('workers', values.workers, 1, 256),
      concurrency: integerOption('concurrency', values.concurrency, 1, 256)
    })
    // Drains in-flight documents, commits and leaves the group, or gives up at the deadline.
    return await runService(processorService, options, { shutdownTimeoutMs: config.processor.shutdownTimeoutMs })
  }
}
