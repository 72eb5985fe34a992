// The batching publisher of processed events, against an in-memory producer: events that wait
// together go out in one request, a full batch does not wait, and a failed request fails every
// event in it (each document then retries on its own).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Message, Producer, ProducerRecord } from 'kafkajs'
import { OutcomePublisher } from '../../../../consumers/processor/outcome-publisher.ts'

function recordingProducer (fail?: () => Error | undefined): { producer: Producer, records: ProducerRecord[] } {
  const records: ProducerRecord[] = []
  const producer = {
    send: async (record: ProducerRecord) => {
      records.push(record)
      const error = fail?.()
      if (error !== undefined) throw error
      return []
    }
  } as unknown as Producer
  return { producer, records }
}

const message = (key: string): Message => ({ key, value: Buffer.from(key) })

test('events published within the linger time share one request with acks=all', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: 30, maxBatch: 10 })
  await Promise.all([publisher.publish(message('a')), publisher.publish(message('b')), publisher.publish(message('c'))])
  assert.equal(records.length, 1)
  assert.deepEqual([records[0]?.topic, records[0]?.acks, records[0]?.messages.map((entry) => entry.key)], ['processed', -1, ['a', 'b', 'c']])
})

test('a full batch is sent without waiting for the linger time; the rest follow in the next request', async () => {
  const { producer, records } = recordingProducer()
  // A linger far longer than the test's own timeout: only a full batch can have sent the first two.
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: 600_000, maxBatch: 2 })
  await Promise.all([publisher.publish(message('a')), publisher.publish(message('b'))])
  assert.deepEqual(records.map((record) => record.messages.map((entry) => entry.key)), [['a', 'b']])
})

test('a failed request rejects every event in it; a later publish goes out in a new request', async () => {
  let failures = 1
  const { producer, records } = recordingProducer(() => failures-- > 0 ? new Error('broker gone') : undefined)
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: 5, maxBatch: 10 })
  const results = await Promise.allSettled([publisher.publish(message('a')), publisher.publish(message('b'))])
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected'])
  await publisher.publish(message('a'))
  assert.deepEqual(records.map((record) => record.messages.map((entry) => entry.key)), [['a', 'b'], ['a']])
})

test('capacity bounds the documents waiting to publish', async () => {
  const { producer } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: 5, maxBatch: 2 })
  await publisher.capacity.acquire()
  await publisher.capacity.acquire()
  let third = false
  const waiting = publisher.capacity.acquire().then(() => { third = true })
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(third, false)
  publisher.capacity.release()
  await waiting
  assert.equal(third, true)
})
