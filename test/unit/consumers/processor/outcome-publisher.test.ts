// The batching publisher of processed events, against an in-memory producer: events of documents
// processed together go out in one request, an event with no other document being processed or a
// full batch does not wait, and a failed request fails every event in it (each document then
// retries on its own).
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
const keysPerRequest = (records: ProducerRecord[]): unknown[] => records.map((record) => record.messages.map((entry) => entry.key))
// A linger far longer than a test's own timeout: a test that passes shows the linger was not waited for.
const forever = 600_000

/** How the pipeline uses it: every document is expected first, then each publishes its event. */
async function processTogether (publisher: OutcomePublisher, keys: string[]): Promise<void> {
  const expected = keys.map(() => publisher.expect())
  await Promise.all(keys.map(async (key, index) => expected[index]?.publish(message(key))))
}

test('events of documents processed together share one request with acks=all', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: forever, maxBatch: 10 })
  await processTogether(publisher, ['a', 'b', 'c'])
  assert.deepEqual(keysPerRequest(records), [['a', 'b', 'c']])
  assert.deepEqual([records[0]?.topic, records[0]?.acks], ['processed', -1])
})

test('with no other document being processed an event goes out at once, alone', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: forever, maxBatch: 10 })
  await processTogether(publisher, ['a'])
  await processTogether(publisher, ['b'])
  assert.deepEqual(keysPerRequest(records), [['a'], ['b']])
})

test('a full batch is sent without waiting for the documents still being processed', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: forever, maxBatch: 2 })
  publisher.expect()
  await processTogether(publisher, ['a', 'b'])
  assert.deepEqual(keysPerRequest(records), [['a', 'b']])
})

test('an event waits for a document still being processed only up to the linger time', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: 20, maxBatch: 10 })
  publisher.expect()
  await processTogether(publisher, ['a'])
  assert.deepEqual(keysPerRequest(records), [['a']])
})

test('a document that ends without an event releases the events waiting for it', async () => {
  const { producer, records } = recordingProducer()
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: forever, maxBatch: 10 })
  const dead = publisher.expect()
  const waiting = processTogether(publisher, ['a'])
  dead.cancel()
  await waiting
  assert.deepEqual(keysPerRequest(records), [['a']])
})

test('a failed request rejects every event in it; a retry goes out in a new request', async () => {
  let failures = 1
  const { producer, records } = recordingProducer(() => failures-- > 0 ? new Error('broker gone') : undefined)
  const publisher = new OutcomePublisher({ producer, topic: 'processed', lingerMs: forever, maxBatch: 10 })
  const first = publisher.expect()
  const second = publisher.expect()
  const results = await Promise.allSettled([first.publish(message('a')), second.publish(message('b'))])
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected'])
  await first.publish(message('a'))
  assert.deepEqual(keysPerRequest(records), [['a', 'b'], ['a']])
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
