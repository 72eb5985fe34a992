// Reads every message of a topic from its low to its high watermark (or from a point in time)
// and looks for planted values in the key, every header, the raw value bytes and the value as
// decoded through the schema registry. One message is held at a time.
//
// The raw object key is kept on purpose in exactly one field per message (docs/privacy.md):
// `key` of documents.received, the same field inside a dead letter's original event, and the
// object fields of the object store's notifications. Those strings are reported as allowed and
// cut out of the rest of the message before the rest is searched, so a second copy is a leak.
import { randomUUID } from 'node:crypto'
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry'
import type { Kafka, KafkaMessage } from 'kafkajs'
import { encodingsOf, type Matcher } from './matcher.ts'
import type { ReportBuilder } from './report.ts'

export type TopicRole = 'received' | 'processed' | 'deadLetter' | 'bucketEvents'

export interface TopicScan {
  topic: string
  role: TopicRole
}

export interface TopicScanContext {
  kafka: Kafka
  registry: SchemaRegistry
  matcher: Matcher
  report: ReportBuilder
  /** Only messages with a timestamp at or after this (ms); 0 reads the whole topic. */
  sinceMs: number
  progress: (line: string) => void
  /** How long a topic may stay silent before the read stops short of its end. */
  idleTimeoutMs: number
}

const progressEvery = 10_000

interface Decoded { strings: string[], rawKeys: string[] }

export async function scanTopic (context: TopicScanContext, scan: TopicScan): Promise<void> {
  const place = `topic ${scan.topic}`
  const { kafka, report } = context
  report.place(place, 'messages')
  const admin = kafka.admin()
  await admin.connect()
  const groupId = `sluice-privacy-check-${randomUUID()}`
  try {
    const existing = await admin.listTopics()
    if (!existing.includes(scan.topic)) return
    const watermarks = await admin.fetchTopicOffsets(scan.topic)
    const starts = context.sinceMs > 0 ? await admin.fetchTopicOffsetsByTimestamp(scan.topic, context.sinceMs) : watermarks.map((entry) => ({ partition: entry.partition, offset: entry.low }))
    // Per partition, the last offset to read; a partition with nothing to read is done already.
    const remaining = new Map<number, bigint>()
    const startOf = new Map<number, string>()
    for (const entry of watermarks) {
      const start = BigInt(starts.find((candidate) => candidate.partition === entry.partition)?.offset ?? entry.low)
      const lowest = start < 0n ? BigInt(entry.high) : start
      if (lowest < BigInt(entry.high)) {
        remaining.set(entry.partition, BigInt(entry.high) - 1n)
        startOf.set(entry.partition, String(lowest))
      }
    }
    if (remaining.size === 0) return
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false })
    await consumer.connect()
    let read = 0
    try {
      await consumer.subscribe({ topic: scan.topic, fromBeginning: true })
      let idle: NodeJS.Timeout | undefined
      const done = new Promise<void>((resolve, reject) => {
        // The last offsets may never arrive (e.g. transaction markers): a quiet topic ends the read, marked incomplete.
        const watchIdle = (): void => {
          clearTimeout(idle)
          idle = setTimeout(() => {
            report.incomplete(place, 'messages', `partitions ${[...remaining.keys()].join(', ')} stopped before their end offsets`)
            resolve()
          }, context.idleTimeoutMs)
        }
        watchIdle()
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            watchIdle()
            const last = remaining.get(partition)
            if (last === undefined) return
            await scanMessage(context, scan, place, partition, message)
            read++
            if (read % progressEvery === 0) context.progress(`${place}: ${read} messages read`)
            if (BigInt(message.offset) >= last) {
              remaining.delete(partition)
              if (remaining.size === 0) resolve()
            }
          }
        }).catch(reject)
      })
      for (const [partition, offset] of startOf) consumer.seek({ topic: scan.topic, partition, offset })
      await done.finally(() => clearTimeout(idle))
    } finally {
      await consumer.disconnect()
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {})
    await admin.disconnect()
  }
}

async function scanMessage (context: TopicScanContext, scan: TopicScan, place: string, partition: number, message: KafkaMessage): Promise<void> {
  const { matcher, report } = context
  const at = `partition ${partition} offset ${message.offset}`
  report.scanned(place, 'messages')
  if (message.key !== null) report.matches(place, 'messages', `${at} key`, matcher.find(message.key.toString('utf8')))
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) report.matches(place, 'messages', `${at} header ${name}`, matcher.find(item.toString()))
    }
  }
  if (message.value === null) return
  const decoded = await decode(context, scan.role, message.value)
  for (const rawKey of decoded.rawKeys) report.matches(place, 'messages', `${at} raw-key field`, matcher.find(rawKey), true)
  report.matches(place, 'messages', `${at} value bytes`, matcher.find(withoutRawKeys(message.value.toString('utf8'), decoded.rawKeys)))
  report.matches(place, 'messages', `${at} decoded value`, matcher.find(decoded.strings.join('\n')))
}

/** The text with every copy of the allowed raw keys (as written or encoded) cut out. */
export function withoutRawKeys (text: string, rawKeys: readonly string[]): string {
  let rest = text
  for (const rawKey of rawKeys) {
    if (rawKey === '') continue
    for (const { text: form } of encodingsOf(rawKey)) rest = rest.split(form).join('\u0000')
  }
  return rest
}

async function decode (context: TopicScanContext, role: TopicRole, value: Buffer): Promise<Decoded> {
  if (role === 'bucketEvents') return notificationStrings(value)
  const event = await context.registry.decode(value).catch(() => undefined) as Record<string, unknown> | undefined
  if (event === undefined) return { strings: [], rawKeys: [] }
  if (role === 'received') {
    const { key, ...rest } = event
    return { strings: stringsOf(rest), rawKeys: typeof key === 'string' ? [key] : [] }
  }
  if (role === 'deadLetter') {
    const { originalValue, ...rest } = event
    const original = Buffer.isBuffer(originalValue) ? await decode(context, 'received', originalValue) : { strings: [], rawKeys: [] }
    // An original that does not decode is searched as raw bytes (it is not a Sluice event).
    const undecodable = Buffer.isBuffer(originalValue) && original.rawKeys.length === 0 ? [originalValue.toString('utf8')] : []
    return { strings: [...stringsOf(rest), ...original.strings, ...undecodable], rawKeys: original.rawKeys }
  }
  return { strings: stringsOf(event), rawKeys: [] }
}

/** versitygw's and MinIO's notification shapes: the object key fields (and versitygw's bucket ARN, which ends in the key) are the raw keys. */
function notificationStrings (value: Buffer): Decoded {
  let parsed: unknown
  try {
    parsed = JSON.parse(value.toString('utf8'))
  } catch {
    return { strings: [], rawKeys: [] }
  }
  const rawKeys: string[] = []
  const { Key, Records, ...rest } = (parsed ?? {}) as { Key?: unknown, Records?: unknown }
  if (typeof Key === 'string') rawKeys.push(Key, ...decodedForms(Key))
  const strings = stringsOf(rest)
  for (const record of Array.isArray(Records) ? Records : []) {
    const { object, bucket } = (record as { s3?: { object?: Record<string, unknown>, bucket?: Record<string, unknown> } })?.s3 ?? {}
    const key = object?.key
    if (typeof key === 'string') rawKeys.push(key, ...decodedForms(key))
    if (object !== undefined) delete object.key
    // versitygw names the object in the bucket's ARN too (arn:aws:s3:::/<bucket>/<key>).
    const arn = bucket?.arn
    if (typeof arn === 'string') rawKeys.push(arn, ...decodedForms(arn))
    if (bucket !== undefined) delete bucket.arn
    strings.push(...stringsOf(record))
  }
  return { strings, rawKeys }
}

/** Notification keys may be URL- or form-escaped; their decoded forms are the same raw key. */
function decodedForms (key: string): string[] {
  const forms: string[] = []
  for (const candidate of [key, key.replace(/\+/g, ' ')]) {
    try {
      forms.push(decodeURIComponent(candidate))
    } catch {
      // Not escaped after all.
    }
  }
  return forms.filter((form) => form !== key)
}

export function stringsOf (value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value)
  else if (Buffer.isBuffer(value)) into.push(value.toString('utf8'))
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key)
      stringsOf(item, into)
    }
  }
  return into
}
