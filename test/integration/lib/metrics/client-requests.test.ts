// Requests to Kafka, S3 and ClickHouse are counted by the clients every service builds, on the
// real stack: the counts the benchmark divides by documents.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { clickHouseOptions, createClickHouse } from '../../../../lib/clickhouse/client.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { clientRequestsMetricName } from '../../../../lib/metrics/client-requests.ts'
import { createMetricsRegistry } from '../../../../lib/metrics/server.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'

async function count (registry: ReturnType<typeof createMetricsRegistry>, system: string, operation: string): Promise<number> {
  const metric = await registry.getSingleMetric(clientRequestsMetricName)?.get()
  return metric?.values.find((value) => value.labels.system === system && value.labels.operation === operation)?.value ?? 0
}

test('Kafka, S3 and ClickHouse requests are counted by system and operation', async () => {
  const config = loadConfig()
  const registry = createMetricsRegistry('it-client-requests')
  const before = {
    metadata: await count(registry, 'kafka', 'Metadata'),
    head: await count(registry, 's3', 'HEAD'),
    select: await count(registry, 'clickhouse', 'select')
  }

  const admin = createKafka(config, 'it-client-requests').admin()
  await admin.connect()
  try {
    await admin.fetchTopicMetadata({ topics: [] })
  } finally {
    await admin.disconnect()
  }
  await createS3Client(config).bucketExists(config.s3.inboxBucket)
  const clickhouse = createClickHouse(clickHouseOptions(config))
  try {
    await clickhouse.select('SELECT 1 AS one')
  } finally {
    await clickhouse.close()
  }

  assert.ok(await count(registry, 'kafka', 'Metadata') > before.metadata, 'a Kafka Metadata request')
  assert.equal(await count(registry, 's3', 'HEAD'), before.head + 1, 'one S3 HEAD (bucketExists)')
  assert.equal(await count(registry, 'clickhouse', 'select'), before.select + 1, 'one ClickHouse select')
  assert.match(await registry.metrics(), /sluice_client_requests_total\{system="s3",operation="HEAD",component="it-client-requests"\}/)
})
