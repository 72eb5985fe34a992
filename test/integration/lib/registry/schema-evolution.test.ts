// Through the real registry: the subject is pinned to BACKWARD, an added optional field is
// accepted and old and new readers both read old and new events, an incompatible change is
// rejected, and an external producer following docs/ingestion.md is readable by Sluice.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import type { Config } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { readEventSchema } from '../../../../lib/events/schemas.ts'
import type { DocumentReceived } from '../../../../lib/events/types.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { provisionSluice } from '../../../../lib/provision.ts'
import { registerSchema, subjectFor } from '../../../../lib/registry/codec.ts'
import { ingestTestConfig, readReceived, removeTestResources, uniqueSuffix } from '../../../support/ingest.ts'

let config: Config
const subject = `it-evolution-${uniqueSuffix()}-value`

const event: DocumentReceived = {
  documentId: '0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b',
  source: 'topic',
  bucket: 'sluice-inbox',
  key: 'incoming/résumé.pdf',
  size: 1234,
  sha256: '',
  contentType: 'application/pdf',
  receivedAt: 1_764_000_000_000,
  metadata: { team: 'finance' }
}

before(() => {
  config = ingestTestConfig()
})

after(async () => {
  for (const suffix of ['', '?permanent=true']) await fetch(`${config.registry.url}/subjects/${subject}${suffix}`, { method: 'DELETE' }).catch(() => {})
  await removeTestResources(config)
})

test('an added optional field keeps old and new readers working; a breaking change is refused', async () => {
  const v1Text = await readEventSchema('received')
  const v1 = JSON.parse(v1Text)
  const v2 = { ...v1, fields: [...v1.fields, { name: 'priority', type: ['null', 'string'], default: null }] }
  const breaking = { ...v1, fields: [...v1.fields, { name: 'tenant', type: 'string' }] }

  const v1Id = await registerSchema(config.registry.url, subject, v1Text, 'BACKWARD')
  assert.equal(await registerSchema(config.registry.url, subject, v1Text, 'BACKWARD'), v1Id, 'registering again is idempotent')
  const level = await (await fetch(`${config.registry.url}/config/${subject}`)).json() as { compatibilityLevel: string }
  assert.equal(level.compatibilityLevel, 'BACKWARD')
  const v2Id = await registerSchema(config.registry.url, subject, JSON.stringify(v2), 'BACKWARD')
  assert.notEqual(v2Id, v1Id)
  await assert.rejects(registerSchema(config.registry.url, subject, JSON.stringify(breaking), 'BACKWARD'), (error: unknown) => isSluiceError(error, 'SCHEMA_INCOMPATIBLE'))

  const registry = new SchemaRegistry({ host: config.registry.url })
  const oldBytes = await registry.encode(v1Id, event)
  const newBytes = await registry.encode(v2Id, { ...event, priority: 'high' })
  const readAs = async (bytes: Buffer, reader: typeof v1): Promise<Record<string, unknown>> =>
    JSON.parse(JSON.stringify(await registry.decode(bytes, { [SchemaType.AVRO]: { readerSchema: reader } })))
  assert.deepEqual(await readAs(oldBytes, v2), { ...event, priority: null }, 'new reader, old event: default fills the field')
  assert.deepEqual(await readAs(newBytes, v1), event, 'old reader, new event: the field is skipped')
  assert.deepEqual(await readAs(newBytes, v2), { ...event, priority: 'high' })
})

test('an external producer using the documented recipe is readable by Sluice', async () => {
  await provisionSluice(config)
  const reader = await readReceived(config)
  try {
    // The recipe from docs/ingestion.md: latest schema id of the subject, encode, key by document id.
    const registry = new SchemaRegistry({ host: config.registry.url })
    const schemaId = await registry.getLatestSchemaId(subjectFor(config, 'received'))
    const producer = createKafka(config, 'it-external').producer({ idempotent: true })
    await producer.connect()
    await producer.send({ topic: config.kafka.topicReceived, acks: -1, messages: [{ key: event.documentId, value: await registry.encode(schemaId, event) }] })
    await producer.disconnect()
    const [received] = await reader.waitFor(1)
    assert.equal(received?.schemaId, schemaId)
    assert.deepEqual(JSON.parse(JSON.stringify(received?.event)), event)
  } finally {
    await reader.close()
  }
})
