// `sluice privacy-check` as a library: looks for planted values in every place Sluice writes
// (docs/privacy.md lists them and what is matched) and returns a report per place.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry'
import { createClickHouse, clickHouseOptions } from '../clickhouse/client.ts'
import type { Config } from '../config/index.ts'
import { createKafka } from '../kafka/client.ts'
import { createS3Client } from '../s3/client.ts'
import { join } from 'node:path'
import { createMatcher } from './matcher.ts'
import type { PlantedValue } from './planted.ts'
import { ReportBuilder, type PrivacyCheckReport } from './report.ts'
import { scanClickHouse } from './scan-clickhouse.ts'
import { logFilesIn, scanLogFile } from './scan-logs.ts'
import { registeredMetricsUrls, scanMetricsEndpoint, scanPrometheusLabels } from './scan-metrics.ts'
import { outputAreas, scanObjects } from './scan-objects.ts'
import { scanTopic, type TopicScan } from './scan-topics.ts'

export interface PrivacyCheckOptions {
  /** Only topic messages and objects written at or after this time (ms since epoch); 0 checks everything kept. */
  sinceMs: number
  /** Log files to read besides $SLUICE_HOME/logs/*.log. */
  logFiles: string[]
  /** /metrics URLs to read besides those registered with the local Prometheus. */
  metricsUrls: string[]
  progress: (line: string) => void
  /** How long a topic may stay silent before its read stops short (default 30 s). */
  topicIdleTimeoutMs?: number
}

export function sluiceTopicScans (config: Config): TopicScan[] {
  return [
    { topic: config.kafka.topicReceived, role: 'received' },
    { topic: config.kafka.topicProcessed, role: 'processed' },
    { topic: config.kafka.topicDeadLetter, role: 'deadLetter' },
    { topic: config.kafka.topicBucketEvents, role: 'bucketEvents' }
  ]
}

export async function runPrivacyCheck (config: Config, planted: readonly PlantedValue[], options: PrivacyCheckOptions): Promise<PrivacyCheckReport> {
  const matcher = createMatcher(planted)
  const report = new ReportBuilder()
  const { progress, sinceMs } = options

  const kafka = createKafka(config, 'privacy-check')
  const registry = new SchemaRegistry({ host: config.registry.url })
  for (const scan of sluiceTopicScans(config)) {
    progress(`reading topic ${scan.topic}...`)
    await scanTopic({ kafka, registry, matcher, report, sinceMs, progress, idleTimeoutMs: options.topicIdleTimeoutMs ?? 30_000 }, scan)
  }

  const s3 = createS3Client(config)
  for (const area of outputAreas(config.s3)) {
    progress(`reading objects in s3://${area.bucket}/${area.prefix}...`)
    await scanObjects({ s3, matcher, report, sinceMs, progress }, area)
  }

  progress(`reading every table of ClickHouse database ${config.clickhouse.database}...`)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  try {
    await scanClickHouse({ clickhouse, database: config.clickhouse.database, matcher, report, progress })
  } finally {
    await clickhouse.close()
  }

  const logFiles = [...await logFilesIn(join(config.stack.home, 'logs')), ...options.logFiles]
  progress(`reading ${logFiles.length} log files...`)
  for (const file of new Set(logFiles)) await scanLogFile(file, matcher, report)

  const metricsUrls = [...new Set([...await registeredMetricsUrls(config.stack.home), ...options.metricsUrls])]
  progress(`reading ${metricsUrls.length} /metrics endpoints and Prometheus label values...`)
  report.place('metrics endpoints', 'endpoints')
  for (const url of metricsUrls) await scanMetricsEndpoint(url, matcher, report)
  await scanPrometheusLabels(config.prometheus.url, matcher, report)

  return report.build(planted)
}
