// Every setting Sluice reads, with its environment variable, default and meaning.
// Defaults match the local stack (`sluice stack up`), so nothing needs setting on a dev machine.
// The README's configuration reference and `sluice config` are generated from this table.
import os from 'node:os'
import * as parse from './parsers.ts'

export interface Setting<T> {
  env: string
  default: string
  /** How the documentation states a default that depends on the machine (the README must not say this machine's value). */
  documentedDefault?: string
  description: string
  parse: parse.Parser<T>
}

function setting<T> (env: string, defaultValue: string, description: string, parser: parse.Parser<T>, documentedDefault?: string): Setting<T> {
  return { env, default: defaultValue, description, parse: parser, ...(documentedDefault === undefined ? {} : { documentedDefault }) }
}

const cores = String(Math.max(1, os.availableParallelism()))

export const settings = {
  kafka: {
    brokers: setting('SLUICE_KAFKA_BROKERS', '127.0.0.1:9092', 'Kafka bootstrap brokers, comma separated host:port', parse.list(parse.hostPort)),
    clientId: setting('SLUICE_KAFKA_CLIENT_ID', 'sluice', 'Kafka client id prefix', parse.nonEmpty),
    partitions: setting('SLUICE_KAFKA_PARTITIONS', '12', 'Partitions created for each Sluice topic (room to scale the processor)', parse.integer(1, 1000)),
    replicationFactor: setting('SLUICE_KAFKA_REPLICATION_FACTOR', '1', 'Replication factor for topics Sluice creates', parse.integer(1, 10)),
    retentionMs: setting('SLUICE_KAFKA_RETENTION', '168h', 'Retention of Sluice topics (duration, e.g. 168h)', parse.duration(60_000, 365 * 86_400_000)),
    topicReceived: setting('SLUICE_TOPIC_RECEIVED', 'documents.received', 'Topic of received-document events', parse.topicName),
    topicProcessed: setting('SLUICE_TOPIC_PROCESSED', 'documents.processed', 'Topic of processed-document events', parse.topicName),
    topicDeadLetter: setting('SLUICE_TOPIC_DLQ', 'documents.dlq', 'Dead-letter topic for events that cannot be processed', parse.topicName),
    topicBucketEvents: setting('SLUICE_TOPIC_BUCKET_EVENTS', 'storage.events', 'Topic the object store publishes bucket notifications to', parse.topicName)
  },
  registry: {
    url: setting('SLUICE_SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7', 'Confluent-compatible schema registry URL', parse.url)
  },
  s3: {
    endpoint: setting('SLUICE_S3_ENDPOINT', 'http://127.0.0.1:9000', 'S3 endpoint URL (MinIO, versitygw or any S3 server)', parse.url),
    region: setting('SLUICE_S3_REGION', 'us-east-1', 'S3 region', parse.nonEmpty),
    accessKey: setting('SLUICE_S3_ACCESS_KEY', 'sluice', 'S3 access key', parse.nonEmpty),
    secretKey: setting('SLUICE_S3_SECRET_KEY', 'sluice-secret-key', 'S3 secret key', parse.nonEmpty),
    inboxBucket: setting('SLUICE_S3_INBOX_BUCKET', 'sluice-inbox', 'Bucket that receives uploaded and dropped documents', parse.bucketName),
    resultsBucket: setting('SLUICE_S3_RESULTS_BUCKET', 'sluice-results', 'Bucket that receives redacted text and findings summaries', parse.bucketName)
  },
  clickhouse: {
    url: setting('SLUICE_CLICKHOUSE_URL', 'http://127.0.0.1:8123', 'ClickHouse HTTP URL', parse.url),
    user: setting('SLUICE_CLICKHOUSE_USER', 'default', 'ClickHouse user', parse.nonEmpty),
    password: setting('SLUICE_CLICKHOUSE_PASSWORD', '', 'ClickHouse password', parse.string),
    database: setting('SLUICE_CLICKHOUSE_DATABASE', 'sluice', 'ClickHouse database for Sluice tables', parse.identifier)
  },
  prometheus: {
    url: setting('SLUICE_PROMETHEUS_URL', 'http://127.0.0.1:9090', 'Prometheus URL (for checks and the live dashboard)', parse.url)
  },
  api: {
    host: setting('SLUICE_API_HOST', '127.0.0.1', 'Address the upload API listens on', parse.nonEmpty),
    port: setting('SLUICE_API_PORT', '8080', 'Port of the upload API', parse.port),
    keys: setting('SLUICE_API_KEYS', 'sluice-dev-key', 'Accepted API keys (Bearer tokens), comma separated', parse.list(parse.nonEmpty)),
    maxUploadBytes: setting('SLUICE_MAX_UPLOAD_BYTES', '50MiB', 'Largest document accepted', parse.bytes(1, 5 * 1024 ** 3)),
    maxFilesPerRequest: setting('SLUICE_MAX_FILES_PER_REQUEST', '20', 'Most files accepted in one multipart upload', parse.integer(1, 1000))
  },
  processor: {
    workers: setting('SLUICE_PROCESSOR_WORKERS', cores, 'Extraction/redaction worker threads per processor process', parse.integer(1, 256), 'one per core'),
    concurrency: setting('SLUICE_PROCESSOR_CONCURRENCY', '4', 'Partitions consumed concurrently per processor process', parse.integer(1, 1000)),
    documentTimeoutMs: setting('SLUICE_DOCUMENT_TIMEOUT', '30s', 'Wall-time limit for extracting and redacting one document', parse.duration(100, 3_600_000)),
    maxDocumentBytes: setting('SLUICE_MAX_DOCUMENT_BYTES', '50MiB', 'Largest document the processor will fetch', parse.bytes(1, 5 * 1024 ** 3)),
    maxPages: setting('SLUICE_MAX_PAGES', '2000', 'Most pages extracted from one document', parse.integer(1, 1_000_000)),
    groupId: setting('SLUICE_PROCESSOR_GROUP', 'sluice-processor', 'Kafka consumer group of the processor (every process in it shares the partitions)', parse.nonEmpty),
    shutdownTimeoutMs: setting('SLUICE_PROCESSOR_SHUTDOWN_TIMEOUT', '30s', 'Longest time SIGTERM/SIGINT waits for in-flight documents before the process exits anyway', parse.duration(1000, 600_000)),
    sessionTimeoutMs: setting('SLUICE_PROCESSOR_SESSION_TIMEOUT', '30s', 'Kafka group session timeout: how soon the partitions of a killed processor move to the others', parse.duration(6000, 300_000)),
    documentMemoryBytes: setting('SLUICE_DOCUMENT_MEMORY', '512MiB', 'Memory budget of one document in its extraction thread (JS heap plus inflated streams); more fails as too_large_decoded', parse.bytes(64 * 1024 ** 2, 64 * 1024 ** 3)),
    outageLimitMs: setting('SLUICE_PROCESSOR_OUTAGE_LIMIT', '15m', 'Longest a dependency outage (S3, Kafka, schema registry) pauses a document before its event is dead-lettered as outage_limit', parse.duration(1000, 7 * 24 * 3_600_000))
  },
  sink: {
    batchRows: setting('SLUICE_SINK_BATCH_ROWS', '1000', 'Rows per ClickHouse insert batch', parse.integer(1, 1_000_000)),
    batchMs: setting('SLUICE_SINK_BATCH_INTERVAL', '1s', 'Longest wait before a partial batch is inserted', parse.duration(10, 600_000)),
    groupId: setting('SLUICE_SINK_GROUP', 'sluice-sink', 'Kafka consumer group of the ClickHouse sink', parse.nonEmpty),
    maxBufferedRows: setting('SLUICE_SINK_MAX_BUFFERED_ROWS', '10000', 'Rows held in memory before the sink pauses fetching (bounds memory while ClickHouse is slow or down)', parse.integer(1, 10_000_000)),
    maxRetryBackoffMs: setting('SLUICE_SINK_MAX_RETRY_BACKOFF', '10s', 'Longest wait between insert retries while ClickHouse is down', parse.duration(10, 600_000)),
    shutdownTimeoutMs: setting('SLUICE_SINK_SHUTDOWN_TIMEOUT', '30s', 'Longest time SIGTERM/SIGINT waits for the last batch to be inserted; uninserted rows are redelivered later', parse.duration(1000, 600_000))
  },
  redaction: {
    hmacKey: setting('SLUICE_REDACTION_HMAC_KEY', 'sluice-dev-hmac-key-change-me', 'Key for the keyed-hash redaction operator', parse.nonEmpty),
    rulesFile: setting('SLUICE_REDACTION_RULES', '', 'Optional JSON or YAML file with allow-lists and custom rules', parse.string),
    threshold: setting('SLUICE_REDACTION_THRESHOLD', '0.5', 'Lowest score a finding needs to be redacted', (raw) => {
      const value = Number(raw)
      if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new Error(`must be a number from 0 to 1, got "${raw}"`)
      return value
    })
  },
  metrics: {
    host: setting('SLUICE_METRICS_HOST', '127.0.0.1', 'Address the /metrics servers of the bridge, processor and sink listen on (0.0.0.0 in containers)', parse.nonEmpty),
    bridgePort: setting('SLUICE_METRICS_BRIDGE_PORT', '9464', 'Port of the bucket bridge /metrics', parse.port),
    processorPort: setting('SLUICE_METRICS_PROCESSOR_PORT', '9465', 'First port of processor /metrics (each extra process takes the next free one)', parse.port),
    sinkPort: setting('SLUICE_METRICS_SINK_PORT', '9475', 'Port of the ClickHouse sink /metrics', parse.port)
  },
  stack: {
    home: setting('SLUICE_HOME', '~/.sluice', 'Where the local stack keeps downloads (cache/), data, logs and pid files', parse.path),
    kafkaVersion: setting('SLUICE_STACK_KAFKA_VERSION', '4.1.1', 'Apache Kafka version installed from Maven Central', parse.nonEmpty),
    registryVersion: setting('SLUICE_STACK_REGISTRY_VERSION', '3.0.9', 'Apicurio Registry version installed from Maven Central', parse.nonEmpty),
    versitygwVersion: setting('SLUICE_STACK_VERSITYGW_VERSION', 'v1.8.0', 'versitygw version installed with go install', parse.nonEmpty),
    kafkaControllerPort: setting('SLUICE_STACK_KAFKA_CONTROLLER_PORT', '9093', 'Port of the local Kafka KRaft controller', parse.port),
    clickhouseTcpPort: setting('SLUICE_STACK_CLICKHOUSE_TCP_PORT', '19000', 'Native-protocol port of the local ClickHouse (9000 is the S3 server)', parse.port),
    startTimeoutMs: setting('SLUICE_STACK_START_TIMEOUT', '180s', 'How long `sluice stack up` waits for each service to answer', parse.duration(1000, 3_600_000))
  },
  bridge: {
    groupId: setting('SLUICE_BRIDGE_GROUP', 'sluice-bucket-bridge', 'Consumer group of the bucket bridge', parse.nonEmpty),
    publishConcurrency: setting('SLUICE_PUBLISH_CONCURRENCY', '8', 'Files uploaded at once by `sluice publish` and objects checked at once by `sluice bucket rescan`', parse.integer(1, 256)),
    rescanIntervalMs: setting('SLUICE_BRIDGE_RESCAN_INTERVAL', '5m', 'How often the bridge rescans the inbox for objects whose notification was lost, e.g. while Kafka was down (the whole inbox at start, then what changed since the last pass; 0 = never)', parse.duration(0, 7 * 86_400_000)),
    rescanMinAgeMs: setting('SLUICE_BRIDGE_RESCAN_MIN_AGE', '1m', 'Objects younger than this are left out of the bridge\'s periodic rescans, so their notifications get to them first', parse.duration(0, 86_400_000))
  },
  ingest: {
    ackTimeoutMs: setting('SLUICE_INGEST_ACK_TIMEOUT', '10s', 'Longest wait for Kafka to acknowledge a received-document event before a door gives up (API: 503)', parse.duration(1000, 300_000))
  },
  admission: {
    // 2000 is about 25 s of work at the ~80 documents/s the whole pipeline completes on a 2-core
    // host (docs/benchmark.md): a document accepted at the bound still finishes within ~30 s.
    maxLag: setting('SLUICE_ADMISSION_MAX_LAG', '2000', 'Received documents the processor group may have unconsumed before the doors stop accepting (API: 429 with Retry-After; `sluice publish` waits; the bucket bridge pauses). Size it as the backlog time you accept times the documents/s your processors complete; 0 = never refuse', parse.integer(0, 100_000_000)),
    refreshMs: setting('SLUICE_ADMISSION_REFRESH_INTERVAL', '2s', 'How often the doors read the processor group\'s lag from the brokers (requests never wait for it)', parse.duration(100, 60_000))
  },
  log: {
    level: setting('SLUICE_LOG_LEVEL', 'info', 'Log level: fatal, error, warn, info, debug, trace', (raw) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw)) throw new Error(`must be one of fatal, error, warn, info, debug, trace, silent; got "${raw}"`)
      return raw
    })
  }
}
