// The command table. Modules are imported only when their command runs, so `sluice --help`
// and small commands start fast and do not load Kafka, pdf.js or ClickHouse clients.
import type { Command } from './command.ts'

export interface CommandEntry {
  name: string
  summary: string
  load: () => Promise<Command>
}

export const commands: CommandEntry[] = [
  { name: 'config', summary: 'Print every setting, its environment variable and current value', load: async () => (await import('../config/command.ts')).configCommand },
  { name: 'extract', summary: 'Extract the text of a PDF (pages separated by form feeds)', load: async () => (await import('../extraction/command.ts')).extractCommand },
  { name: 'up', summary: 'Run the local stack, API, bucket bridge, processor and sink in the foreground', load: async () => (await import('../../infra/run-all/command.ts')).upCommand },
  { name: 'processor', summary: 'Consume received documents: extract, redact, store and publish results', load: async () => (await import('../../consumers/processor/command.ts')).processorCommand },
  { name: 'api', summary: 'Run the upload API: POST /v1/documents, GET /v1/documents/:id, health and metrics', load: async () => (await import('../../producers/api/command.ts')).apiCommand },
  { name: 'dlq', summary: 'List dead-lettered events, or replay them onto the received topic after a fix', load: async () => (await import('../../consumers/processor/dlq-command.ts')).dlqCommand },
  { name: 'sink', summary: 'Stream processed-document and dead-letter events into ClickHouse in batches', load: async () => (await import('../../consumers/sink/command.ts')).sinkCommand },
  { name: 'migrate', summary: 'Create or update the ClickHouse tables and rollups (idempotent)', load: async () => (await import('../clickhouse/command.ts')).migrateCommand },
  { name: 'bucket', summary: 'Bucket maintenance: `sluice bucket rescan` emits events for objects never processed', load: async () => (await import('../../producers/bucket-bridge/rescan-command.ts')).bucketCommand },
  { name: 'bridge', summary: 'Turn files dropped into the inbox bucket into received-document events', load: async () => (await import('../../producers/bucket-bridge/command.ts')).bridgeCommand },
  { name: 'corpus', summary: 'Generate the sample corpus of PDFs with planted personal data and its manifest', load: async () => (await import('../../bench/corpus/command.ts')).corpusCommand },
  { name: 'publish', summary: 'Upload PDFs and publish their received-document events to Kafka', load: async () => (await import('../../producers/publish/command.ts')).publishCommand },
  { name: 'redact', summary: 'Redact personal data from text on stdin (text, json or jsonl batch mode)', load: async () => (await import('../redaction/command.ts')).redactCommand },
  { name: 'stats', summary: 'Throughput, per-stage latency, failures and redactions from ClickHouse', load: async () => (await import('../analytics/command.ts')).statsCommand },
  { name: 'demo', summary: 'The main job end to end: sample PDFs through all three doors, analytics and a privacy check', load: async () => (await import('../../bench/demo/command.ts')).demoCommand },
  { name: 'bench', summary: 'Benchmark the pipeline end to end against its extract+redact limit', load: async () => (await import('../../bench/pipeline/command.ts')).benchCommand },
  { name: 'stack', summary: 'Install, start, stop and check the local Kafka, registry, S3, ClickHouse and Prometheus', load: async () => (await import('../../infra/local-stack/command.ts')).stackCommand }
]
