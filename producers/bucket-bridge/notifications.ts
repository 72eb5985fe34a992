// Parses the object store's bucket notifications (the Kafka message value) into created
// objects. Two shapes are accepted:
// - versitygw: `{"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name"},"object":{"key","size","eTag"}}}]}`;
//   its key is taken from the request path and may arrive percent-escaped.
// - MinIO: `{"EventName","Key":"bucket/key","Records":[...]}` with keys URL-escaped as in a
//   query string (`+` for spaces).
// Test events (`{"Event":"s3:TestEvent"}`) and every non-create event are ignored.

export interface CreatedObject {
  eventName: string
  bucket: string
  /** Possible object keys, most likely first; the bridge uses the first one that exists. */
  keyCandidates: string[]
  eTag: string
}

export type ParsedNotification =
  | { kind: 'test' }
  | { kind: 'records', created: CreatedObject[], ignored: number }

export type UndecodableReason = 'invalid_json' | 'unknown_shape' | 'missing_fields'

export class UndecodableNotification extends Error {
  readonly reason: UndecodableReason
  constructor (reason: UndecodableReason, message: string) {
    super(message)
    this.name = 'UndecodableNotification'
    this.reason = reason
  }
}

export function parseNotification (value: Buffer | null): ParsedNotification {
  let body: unknown
  try {
    body = JSON.parse(value?.toString('utf8') ?? '')
  } catch (error) {
    throw new UndecodableNotification('invalid_json', `notification is not JSON: ${(error as Error).message}`)
  }
  if (!isObject(body)) throw new UndecodableNotification('unknown_shape', 'notification is not a JSON object')
  if (typeof body.Event === 'string' && body.Event.endsWith('TestEvent')) return { kind: 'test' }
  if (!Array.isArray(body.Records)) throw new UndecodableNotification('unknown_shape', 'notification has no Records array')
  const minioStyle = typeof body.EventName === 'string' && typeof body.Key === 'string'
  const created: CreatedObject[] = []
  let ignored = 0
  for (const record of body.Records) {
    const parsed = parseRecord(record, minioStyle)
    if (parsed === undefined) ignored++
    else created.push(parsed)
  }
  return { kind: 'records', created, ignored }
}

function parseRecord (record: unknown, minioStyle: boolean): CreatedObject | undefined {
  if (!isObject(record) || typeof record.eventName !== 'string') {
    throw new UndecodableNotification('missing_fields', 'a record has no eventName')
  }
  if (!/^(s3:)?ObjectCreated:/.test(record.eventName)) return undefined
  const s3 = isObject(record.s3) ? record.s3 : undefined
  const bucket = s3 !== undefined && isObject(s3.bucket) ? s3.bucket.name : undefined
  const object = s3 !== undefined && isObject(s3.object) ? s3.object : undefined
  if (typeof bucket !== 'string' || bucket === '' || object === undefined || typeof object.key !== 'string' || object.key === '') {
    throw new UndecodableNotification('missing_fields', `record ${record.eventName} lacks s3.bucket.name or s3.object.key`)
  }
  return {
    eventName: record.eventName,
    bucket,
    keyCandidates: minioStyle ? [unescapeQueryStyle(object.key)] : pathStyleCandidates(object.key),
    eTag: typeof object.eTag === 'string' ? object.eTag : ''
  }
}

/** MinIO escapes keys like a query string: `+` is a space, `%XX` a byte of UTF-8. */
export function unescapeQueryStyle (key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '))
  } catch {
    return key
  }
}

/** A key read from a request path is either literal or percent-escaped; try it as sent first. */
function pathStyleCandidates (key: string): string[] {
  if (!key.includes('%')) return [key]
  try {
    const decoded = decodeURIComponent(key)
    return decoded === key ? [key] : [key, decoded]
  } catch {
    return [key]
  }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
