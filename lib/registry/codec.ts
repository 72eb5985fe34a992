import { SchemaRegistry } from '@kafkajs/confluent-schema-registry'
import type { Config } from '../config/index.ts'
import { SluiceError } from '../errors.ts'
import { readEventSchema } from '../events/schemas.ts'
import { eventKinds, type EventKind, type EventPayloads } from '../events/types.ts'
import { retry } from '../retry/retry.ts'

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

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE'

export function subjectFor (config: Config, kind: EventKind): string {
  return `${config.kafka[eventKinds[kind].topicSetting]}-value`
}

export async function createEventCodec (config: Config): Promise<EventCodec> {
  const registry = new SchemaRegistry({ host: config.registry.url })
  const ids = new Map<EventKind, number>()
  for (const kind of Object.keys(eventKinds) as EventKind[]) {
    const schema = await readEventSchema(kind)
    const id = await registerSchema(config.registry.url, subjectFor(config, kind), schema, 'BACKWARD')
    // Fetch now so the client caches it: encoding then never needs the registry again.
    await registry.getSchema(id)
    ids.set(kind, id)
  }
  return {
    encode: async (kind, payload) => registry.encode(ids.get(kind) as number, payload),
    decode: async (_kind, message) => registry.decode(message),
    schemaId: (kind) => ids.get(kind) as number
  }
}

/**
 * Registers an Avro schema under a subject and pins the subject's compatibility level.
 * Written against the plain Confluent REST API instead of the client library's register(),
 * because that one reads GET /config/<subject> first and Apicurio's ccompat layer answers it
 * with the global level (or 404) for a new subject, so the library refuses or skips the update.
 * Registering an identical schema again returns the existing id, so this is idempotent and
 * safe to run from several processes at once. Returns the schema id.
 */
export async function registerSchema (registryUrl: string, subject: string, schema: string, compatibility: Compatibility): Promise<number> {
  const subjectPath = encodeURIComponent(subject)
  // Pin the level before registering when the subject exists, so the new version is checked
  // against it; a new subject has nothing to be compatible with and is pinned right after.
  const pinned = await pinCompatibility(registryUrl, subjectPath, compatibility, true)
  const registered = (await registryRequest(registryUrl, 'POST', `/subjects/${subjectPath}/versions`, { schema })).body as { id?: unknown }
  if (typeof registered.id !== 'number') {
    throw new SluiceError('SERVICE_UNAVAILABLE', `schema registry returned no id for subject ${subject}`)
  }
  if (!pinned) await pinCompatibility(registryUrl, subjectPath, compatibility, false)
  return registered.id
}

/** Another process set a different level between our PUT and our read-back; trying again settles it. */
class CompatibilityConflict extends SluiceError {}

/**
 * PUT /config/<subject>. Apicurio answers 409 "A rule named 'COMPATIBILITY' already exists" when
 * another process created the rule at the same moment; then the level is read back instead.
 * Returns false when the subject does not exist yet (and `missingIsFine`).
 */
async function pinCompatibility (registryUrl: string, subjectPath: string, compatibility: Compatibility, missingIsFine: boolean): Promise<boolean> {
  return await retry(async () => {
    const { status } = await registryRequest(registryUrl, 'PUT', `/config/${subjectPath}`, { compatibility }, missingIsFine ? [404, 409] : [409])
    if (status === 404) return false
    if (status !== 409) return true
    const current = (await registryRequest(registryUrl, 'GET', `/config/${subjectPath}`, undefined)).body as { compatibilityLevel?: string, compatibility?: string }
    if ((current.compatibilityLevel ?? current.compatibility)?.toUpperCase() === compatibility) return true
    throw new CompatibilityConflict('SERVICE_UNAVAILABLE', `schema registry keeps refusing to set ${compatibility} on ${decodeURIComponent(subjectPath)}`)
  }, { attempts: 3, delayMs: () => 0, retryable: (error) => error instanceof CompatibilityConflict })
}

/** Throws on failures except the tolerated statuses, which are returned for the caller to handle. */
async function registryRequest (registryUrl: string, method: string, path: string, body: unknown, tolerated: number[] = []): Promise<{ status: number, body: unknown }> {
  let response: Response
  try {
    response = await fetch(registryUrl + path, {
      method,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000)
    })
  } catch (error) {
    throw new SluiceError('SERVICE_UNAVAILABLE', `schema registry at ${registryUrl} is unreachable: ${(error as Error).message}`, {
      hint: 'Start it with `sluice stack up` or set SLUICE_SCHEMA_REGISTRY_URL.',
      cause: error
    })
  }
  const text = await response.text()
  if (tolerated.includes(response.status)) return { status: response.status, body: undefined }
  if (!response.ok) {
    const kind = response.status === 409 ? 'rejected the schema as incompatible' : `answered ${response.status}`
    throw new SluiceError(response.status === 409 ? 'SCHEMA_INCOMPATIBLE' : 'SERVICE_UNAVAILABLE', `schema registry ${kind} for ${method} ${path}: ${text.slice(0, 300)}`)
  }
  return { status: response.status, body: text === '' ? {} : JSON.parse(text) }
}
