// Publishes DocumentReceived events for the three doors: idempotent producer, acks from all
// in-sync replicas, keyed by document id so every event of a document lands on one partition.
//
// The idempotent producer keeps one request in flight (ordering), so concurrent callers are
// group-committed: while one send is out, the events of everyone else who calls queue up and go
// together in the next send. Each caller still waits for the ack of its own events.
import type { Kafka, Message, Producer } from 'kafkajs'
import pTimeout from 'p-timeout'
import type { Config } from '../config/index.ts'
import { SluiceError } from '../errors.ts'
import type { DocumentReceived } from '../events/types.ts'
import type { EventCodec } from '../registry/codec.ts'

export interface ReceivedPublisher {
  /** Resolves once Kafka has acknowledged every event (acks=all); throws SERVICE_UNAVAILABLE otherwise. */
  publish: (events: DocumentReceived[]) => Promise<void>
  disconnect: () => Promise<void>
}

// The idempotent producer would otherwise retry forever; a door must answer within seconds.
const sendRetry = { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 }

interface Waiting {
  messages: Message[]
  resolve: () => void
  reject: (error: unknown) => void
  /** Set when the caller's deadline passed: it has answered "refused", so its events must not be sent. */
  expired: boolean
}

export async function createReceivedPublisher (config: Config, kafka: Kafka, codec: EventCodec): Promise<ReceivedPublisher> {
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: sendRetry, allowAutoTopicCreation: false })
  await kafkaCall(async () => producer.connect())
  let queue: Waiting[] = []
  let sending = false

  const drain = async (): Promise<void> => {
    sending = true
    while (queue.length > 0) {
      // Callers whose deadline passed while an earlier send was out were already told "refused".
      const batch = queue.filter((waiting) => !waiting.expired)
      queue = []
      if (batch.length === 0) continue
      try {
        await producer.send({ topic: config.kafka.topicReceived, acks: -1, timeout: config.ingest.ackTimeoutMs, messages: batch.flatMap((waiting) => waiting.messages) })
        for (const waiting of batch) waiting.resolve()
      } catch (error) {
        for (const waiting of batch) waiting.reject(error)
      }
    }
    sending = false
  }

  return {
    publish: async (events) => {
      if (events.length === 0) return
      const messages = await Promise.all(events.map(async (event) => ({
        key: event.documentId,
        value: await codec.encode('received', event),
        timestamp: String(event.receivedAt)
      })))
      let waiting: Waiting | undefined
      const acknowledged = new Promise<void>((resolve, reject) => {
        waiting = { messages, resolve, reject, expired: false }
        queue.push(waiting)
      })
      // drain() settles every waiting caller itself and never rejects.
      if (!sending) drain().catch(() => {})
      // A send already out when the deadline passes may still land later: the caller withdraws
      // its documents (lib/ingest/withdrawal.ts) so the processor drops such late events.
      await kafkaCall(async () => pTimeout(acknowledged, { milliseconds: config.ingest.ackTimeoutMs, message: `no acknowledgement within ${config.ingest.ackTimeoutMs} ms` })).catch((error: unknown) => {
        if (waiting !== undefined) waiting.expired = true
        throw error
      })
    },
    disconnect: async () => producer.disconnect()
  }
}

async function kafkaCall<T> (action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    throw new SluiceError('SERVICE_UNAVAILABLE', `Kafka did not acknowledge the event: ${(error as Error).message}`, { cause: error })
  }
}
