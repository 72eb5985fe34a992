// Start-up provisioning against the real stack, run by several "services" at the same moment.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import kafkajs from 'kafkajs'
import { provisionSluice } from '../../../lib/provision.ts'
import { createKafka } from '../../../lib/kafka/client.ts'
import { subjectFor } from '../../../lib/registry/codec.ts'
import { createS3Client } from '../../../lib/s3/client.ts'
import { ingestTestConfig, removeTestResources, uniqueSuffix } from '../../support/ingest.ts'

// Its own bucket-events topic too: a different retention must not touch the shared storage.events.
const config = ingestTestConfig({ SLUICE_KAFKA_PARTITIONS: '3', SLUICE_KAFKA_RETENTION: '2h', SLUICE_TOPIC_BUCKET_EVENTS: `it-storage-events-${uniqueSuffix()}` })

after(async () => removeTestResources(config))

test('concurrent provisioning creates topics, buckets and pinned subjects once, and repairs retention', async () => {
  const codecs = await Promise.all([provisionSluice(config), provisionSluice(config), provisionSluice(config)])
  for (const kind of ['received', 'processed', 'deadLetter'] as const) {
    assert.equal(new Set(codecs.map((codec) => codec.schemaId(kind))).size, 1, `${kind}: one schema id for everyone`)
    const level = await (await fetch(`${config.registry.url}/config/${subjectFor(config, kind)}`)).json() as { compatibilityLevel: string }
    assert.equal(level.compatibilityLevel, 'BACKWARD')
  }

  const topics = [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter, config.kafka.topicBucketEvents]
  const admin = createKafka(config, 'it-provision').admin()
  await admin.connect()
  try {
    const metadata = await admin.fetchTopicMetadata({ topics })
    for (const topic of metadata.topics) assert.equal(topic.partitions.length, 3, topic.name)
    const describe = async (): Promise<Map<string, Map<string, string>>> => {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name })) })
      return new Map(described.resources.map((resource) => [resource.resourceName, new Map(resource.configEntries.map((entry) => [entry.configName, entry.configValue]))]))
    }
    let configs = await describe()
    for (const topic of topics) assert.equal(configs.get(topic)?.get('retention.ms'), String(2 * 3_600_000), topic)
    assert.equal(configs.get(config.kafka.topicProcessed)?.get('message.timestamp.type'), 'LogAppendTime')

    // Someone changes retention by hand; the next start brings it back without losing the other settings.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: config.kafka.topicProcessed, configEntries: [{ name: 'retention.ms', value: '60000' }] }] })
    await provisionSluice(config)
    configs = await describe()
    assert.equal(configs.get(config.kafka.topicProcessed)?.get('retention.ms'), String(2 * 3_600_000))
    assert.equal(configs.get(config.kafka.topicProcessed)?.get('message.timestamp.type'), 'LogAppendTime')
  } finally {
    await admin.disconnect()
  }

  const s3 = createS3Client(config)
  assert.ok(await s3.bucketExists(config.s3.inboxBucket))
  assert.ok(await s3.bucketExists(config.s3.resultsBucket))
})
