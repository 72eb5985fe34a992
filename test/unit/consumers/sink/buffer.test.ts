import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSinkBuffer } from '../../../../consumers/sink/buffer.ts'
import { deadLetterRow, outcomeRow, stampInserted } from '../../../../consumers/sink/rows.ts'
import { backoffDelay } from '../../../../lib/retry/backoff.ts'
import { isTransient } from '../../../../lib/retry/transient.ts'
import { deadLetterEvent, processedEvent } from '../../../support/events.ts'

const at = Date.UTC(2026, 0, 1)

test('rows: publish = broker append time - completedAt; insert = write time - append time; unsafe values made insertable', () => {
  const event = processedEvent({ index: 7, completedAt: at })
  const row = stampInserted(outcomeRow({ ...event, timings: { ...event.timings, queueMs: -3, fetchMs: Number.NaN } }, { partition: 2, offset: 9, appendedAtMs: at + 12 }), at + 40)
  assert.equal(row.publish_ms, 12)
  assert.equal(row.insert_ms, 28)
  assert.equal(row.queue_ms, 0)
  assert.equal(row.fetch_ms, 0)
  assert.equal(row.completed_at, at / 1000)
  assert.equal(row.version, at)
  assert.deepEqual(row.pii_types, ['EMAIL_ADDRESS', 'PHONE_NUMBER'])
  assert.deepEqual(row.pii_counts, [1, 1])
  const noPhone = outcomeRow(processedEvent({ index: 8, completedAt: at }), { partition: 0, offset: 0, appendedAtMs: at })
  assert.deepEqual(noPhone.pii_types, ['EMAIL_ADDRESS'], 'types with zero findings are left out')
})

test('buffer: a redelivered event collapses, the latest completion of a document wins, offsets advance per partition', () => {
  const buffer = createSinkBuffer()
  const first = processedEvent({ index: 1, completedAt: at })
  const position = { partition: 0, offset: 0, appendedAtMs: at }
  buffer.addOutcome(outcomeRow(first, position), 'processed', 0, 10, 1000)
  buffer.addOutcome(outcomeRow(first, position), 'processed', 0, 11, 1001)
  buffer.addOutcome(outcomeRow({ ...first, completedAt: at + 5000, attempt: 2 }, position), 'processed', 1, 3, 1002)
  buffer.addOutcome(outcomeRow(first, position), 'processed', 1, 4, 1003)
  buffer.addDeadLetter(deadLetterRow(deadLetterEvent(1, at), position, 0), 'dlq', 0, 7, 1004)
  buffer.addDeadLetter(deadLetterRow(deadLetterEvent(1, at), position, 0), 'dlq', 0, 8, 1005)
  buffer.addSkipped('dlq', 0, 9, 1006)
  assert.equal(buffer.size, 2)
  assert.equal(buffer.pending, 7)
  assert.equal(buffer.ageMs(1500), 500)
  const batch = buffer.take()
  assert.equal(batch.outcomes.length, 1)
  assert.equal(batch.outcomes[0]?.version, at + 5000)
  assert.equal(batch.deadLetters.length, 1)
  assert.equal(batch.duplicates, 4)
  assert.deepEqual(batch.offsets, [
    { topic: 'processed', partition: 0, offset: '12' },
    { topic: 'processed', partition: 1, offset: '5' },
    { topic: 'dlq', partition: 0, offset: '10' }
  ])
  assert.equal(buffer.size, 0)
  assert.equal(buffer.pending, 0)
  assert.equal(buffer.ageMs(5000), 0)
})

test('retry backoff doubles from 100 ms with jitter and stays under the cap', () => {
  for (let attempt = 1; attempt <= 30; attempt++) {
    const delay = backoffDelay(attempt, { initialMs: 100, maxMs: 5000, factor: 2 })
    const base = Math.min(5000, 100 * 2 ** (attempt - 1))
    assert.ok(delay >= base / 2 && delay <= base, `attempt ${attempt}: ${delay}`)
  }
})

test('decode errors: registry unreachable is transient (re-read later), a malformed message is not (skipped and counted)', () => {
  assert.equal(isTransient(Object.assign(new Error('Confluent_Schema_Registry - Error, status 400: connect ECONNREFUSED 127.0.0.1:8081'), { status: 400 })), true)
  assert.equal(isTransient(Object.assign(new Error('Service Unavailable'), { status: 503 })), true)
  assert.equal(isTransient(Object.assign(new Error('No content with ID \'2403\' was found.'), { status: 404 })), false)
  assert.equal(isTransient(new Error('Message encoded with magic byte {"type":"Buffer","data":[104]}')), false)
  assert.equal(isTransient(new Error('truncated buffer')), false)
})
