// Reads the dead-letter topic from its start to the end it had when reading began, decoded and
// filtered by reason and time. A throwaway consumer group does the reading and never commits,
// so listing changes nothing and can run any number of times.
import { randomBytes } from 'node:crypto'
import type { Kafka } from 'kafkajs'
import { SluiceError } from '../../lib/errors.ts'
import type { DeadLetter } from '../../lib/events/types.ts'
import type { EventCodec } from '../../lib/registry/codec.ts'

export interface DeadLetterFilter {
  /** Keep only these codes; empty keeps every code. */
  reasons: readonly string[]
  /** Keep letters whose last failure lies in [fromMs, toMs). */
  window?: { fromMs: number, toMs: number }
}

export interface StoredDeadLetter {
  /** Where the letter itself sits on the dead-letter topic: its identity for replay bookkeeping. */
  partition: number
  offset: string
  letter: DeadLetter
}

export function matchesFilter (letter: DeadLetter, filter: DeadLetterFilter): boolean {
  if (filter.reasons.length > 0 && !filter.reasons.includes(letter.errorCode)) return false
  if (filter.window !== undefined && (letter.lastFailureAt < filter.window.fromMs || letter.lastFailureAt >= filter.window.toMs)) return false
  return true
}

export async function readDeadLetters (kafka: Kafka, codec: EventCodec, topic: string, filter: DeadLetterFilter, timeoutMs = 60_000): Promise<StoredDeadLetter[]> {
  const admin = kafka.admin()
  await admin.connect()
  const groupId = `sluice-dlq-reader-${randomBytes(6).toString('hex')}`
  try {
    // Letters added while reading are left for the next run: reading stops at today's end.
    const ends = new Map((await admin.fetchTopicOffsets(topic)).filter((end) => BigInt(end.high) > BigInt(end.low)).map((end) => [end.partition, BigInt(end.high)]))
    if (ends.size === 0) return []
    const found: StoredDeadLetter[] = []
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 })
    await consumer.connect()
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new SluiceError('SERVICE_UNAVAILABLE', `reading ${topic} did not reach its end within ${timeoutMs} ms`, { hint: 'Check Kafka with `sluice stack status`.' })), timeoutMs)
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition)
            if (end === undefined || BigInt(message.offset) >= end) return
            if (message.value !== null) {
              const letter: DeadLetter = await codec.decode('deadLetter', message.value)
              if (matchesFilter(letter, filter)) found.push({ partition, offset: message.offset, letter })
            }
            if (BigInt(message.offset) + 1n >= end) ends.delete(partition)
            if (ends.size === 0) {
              clearTimeout(timer)
              resolve()
            }
          }
        }).catch(reject)
      })
      await done
    } finally {
      await consumer.disconnect()
    }
    return found.sort((a, b) => a.letter.lastFailureAt - b.letter.lastFailureAt)
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {})
    await admin.disconnect()
  }
}
