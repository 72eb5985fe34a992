// The command table: the only place that knows every command, kept above lib/ so that lib/
// depends on no component. Modules are imported only when their command runs, so `sluice --help`
// and small commands start fast and do not load Kafka, pdf.js or ClickHouse clients.
import type { Command } from './command.ts'

export interface CommandEntry {
  name: string
  summary: string
  /**
   * The folder the command's code lives in when production images leave it out (the Dockerfile
   * copies no bench/); the CLI then says the command is not installed instead of failing to load it.
   */
  optionalFolder?: 'bench'
  load: () => Promise<Command>
}

export const commands: CommandEntry[] = [
  { name: 'config', summary: 'Print every setting, its environment variable and current value', load: async () => (await import('./commands/config.ts')).configCommand },
  { name: 'extract', summary: 'Extract the text of a PDF (pages separated by form feeds)', load: async () => (await import('./commands/extract.ts')).extractCommand },
  { name: 'up', summary: 'Run the local stack, API, bucket bridge, processor and sink in the foreground', load: async () => (await import('./commands/up.ts')).upCommand },
  { name: 'processor', summary: 'Consume received documents: extract, redact, store and publish results', load: async () => (await import('./commands/processor.ts')).processorCommand },
  { name: 'api', summary: 'Run the upload API: POST /v1/documents, GET /v1/documents/:id, health and metrics', load: async () => (await import('./commands/api.ts')).apiCommand },
  { name: 'sink', summary: 'Stream processed-document and dead-letter events into ClickHouse in batches', load: async () => (await import('./commands/sink.ts')).sinkCommand },
  { name: 'dlq', summary: 'List dead-lettered events, or replay them onto the received topic after a fix', load: async () => (await import('./commands/dlq.ts')).dlqCommand },
  { name: 'migrate', summary: 'Create or update the ClickHouse tables and rollups (idempotent)', load: async () => (await import('./commands/migrate.ts')).migrateCommand },
  { name: 'bucket', summary: 'Bucket maintenance: `sluice bucket rescan` emits events for objects never processed', load: async () => (await import('./commands/bucket.ts')).bucketCommand },
  { name: 'bridge', summary: 'Turn files dropped into the inbox bucket into received-document events', load: async () => (await import('./commands/bridge.ts')).bridgeCommand },
  { name: 'corpus', optionalFolder: 'bench', summary: 'Generate the sample corpus of PDFs with planted personal data and its manifest', load: async () => (await import('./commands/corpus.ts')).corpusCommand },
  { name: 'publish', summary: 'Upload PDFs and publish their received-document events to Kafka', load: async () => (await import('./commands/publish.ts')).publishCommand },
  { name: 'privacy-check', summary: 'Look for planted personal data in every topic, output object, table, log and metric Sluice writes', load: async () => (await import('./commands/privacy-check.ts')).privacyCheckCommand },
  { name: 'redact', summary: 'Redact personal data from text on stdin (text, json or jsonl batch mode)', load: async () => (await import('./commands/redact.ts')).redactCommand },
  { name: 'stats', summary: 'Throughput, per-stage latency, failures and redactions from ClickHouse', load: async () => (await import('./commands/stats.ts')).statsCommand },
  { name: 'demo', optionalFolder: 'bench', summary: 'The main job end to end: sample PDFs through all three doors, analytics and a privacy check', load: async () => (await import('./commands/demo.ts')).demoCommand },
  { name: 'bench', optionalFolder: 'bench', summary: 'Benchmark the pipeline end to end against its extract+redact limit', load: async () => (await import('./commands/bench.ts')).benchCommand },
  { name: 'stack', summary: 'Install, start, stop and check the local Kafka, registry, S3, ClickHouse and Prometheus', load: async () => (await import('./commands/stack.ts')).stackCommand }
]
