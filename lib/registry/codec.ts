import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import type { Config } from '../config/index.ts'
import { readEventSchema } from '../events/schemas.ts'
import { eventKinds, type EventKind, type EventPayloads } from '../events/types.ts'

/**
 * Encodes and decodes Sluice events in the Confluent wire format (magic byte, schema id, Avro).
 * Schemas are registered at start-up under `<topic>-value` with BACKWARD compatibility, so a
 * consumer on a new schema can always read events written with the previous one.
 */
export interface EventCodec {
  encode: <K extends EventKind>(kind: K, payload: EventPayloads[K]) => Promise<Buffer>
  /** Decodes any Sluice event by the schema id embedded in the message. */
  decode: <K extends EventKind>(kind: K, message: Buffer) => Promise<EventPayloads[K]>
  schemaId: (kind: EventKind) => number
}

export function subjectFor (config: Config, kind: EventKind): string {
  return `${config.kafka[eventKinds[kind].topicSetting]}-value`
}

export async function createEventCodec (config: Config): Promise<EventCodec> {
  const registry = new SchemaRegistry({ host: config.registry.url })
  const ids = new Map<EventKind, number>()
  for (const kind of Object.keys(eventKinds) as EventKind[]) {
    const schema = await readEventSchema(kind)
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema },
      { subject: subjectFor(config, kind), compatibility: COMPATIBILITY.BACKWARD }
    )
    ids.set(kind, id)
  }
  return {
    encode: async (kind, payload) => registry.encode(ids.get(kind) as number, payload),
    decode: async (_kind, message) => registry.decode(message),
    schemaId: (kind) => ids.get(kind) as number
  }
}
