// Rows waiting for the next insert, with the Kafka offsets they cover. Redelivered events
// collapse here already (same document: the latest completion wins; same dead-lettered
// message: kept once), so duplicates inside one batch never reach ClickHouse.
import type { DeadLetterRow, OutcomeRow } from './rows.ts'

export interface OffsetToCommit {
  topic: string
  partition: number
  /** The next offset to read, as Kafka expects in a commit. */
  offset: string
}

export interface Batch {
  outcomes: OutcomeRow[]
  deadLetters: DeadLetterRow[]
  offsets: OffsetToCommit[]
  /** Messages covered, duplicates included. */
  messages: number
  /** Messages dropped because an identical event was already in this batch. */
  duplicates: number
}

export interface SinkBuffer {
  /** Rows held (after in-batch deduplication). */
  readonly size: number
  /** Messages taken since the last take(), rows or not (their offsets still need committing). */
  readonly pending: number
  /** Milliseconds since the oldest message now buffered arrived; 0 when empty. */
  ageMs: (now: number) => number
  addOutcome: (row: OutcomeRow, topic: string, partition: number, offset: number, now: number) => void
  addDeadLetter: (row: DeadLetterRow, topic: string, partition: number, offset: number, now: number) => void
  /** A message that yields no row (undecodable) still moves its partition's offset on. */
  addSkipped: (topic: string, partition: number, offset: number, now: number) => void
  /** Empties the buffer into one batch. */
  take: () => Batch
}

export function createSinkBuffer (): SinkBuffer {
  let outcomes = new Map<string, OutcomeRow>()
  let deadLetters = new Map<string, DeadLetterRow>()
  let offsets = new Map<string, OffsetToCommit>()
  let messages = 0
  let duplicates = 0
  let oldestAt = 0

  const track = (topic: string, partition: number, offset: number, now: number): void => {
    if (messages === 0) oldestAt = now
    messages += 1
    const key = `${topic}\u0000${partition}`
    const next = offset + 1
    const current = offsets.get(key)
    if (current === undefined || Number(current.offset) < next) offsets.set(key, { topic, partition, offset: String(next) })
  }

  return {
    get size () { return outcomes.size + deadLetters.size },
    get pending () { return messages },
    ageMs: (now) => messages === 0 ? 0 : now - oldestAt,
    addOutcome (row, topic, partition, offset, now) {
      track(topic, partition, offset, now)
      const held = outcomes.get(row.document_id)
      if (held !== undefined) {
        duplicates += 1
        if (held.version >= row.version) return
      }
      outcomes.set(row.document_id, row)
    },
    addDeadLetter (row, topic, partition, offset, now) {
      track(topic, partition, offset, now)
      const key = `${row.source_topic}\u0000${row.source_partition}\u0000${row.source_offset}`
      if (deadLetters.has(key)) {
        duplicates += 1
        return
      }
      deadLetters.set(key, row)
    },
    addSkipped (topic, partition, offset, now) {
      track(topic, partition, offset, now)
    },
    take () {
      const batch: Batch = { outcomes: [...outcomes.values()], deadLetters: [...deadLetters.values()], offsets: [...offsets.values()], messages, duplicates }
      outcomes = new Map()
      deadLetters = new Map()
      offsets = new Map()
      messages = 0
      duplicates = 0
      oldestAt = 0
      return batch
    }
  }
}
