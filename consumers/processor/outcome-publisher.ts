// Publishes processed events in as few produce requests as it can: outcomes that become ready
// within `lingerMs` of each other share one request (kafkajs groups its messages per broker), up
// to `maxBatch`. An event waits only while other documents are being processed and could join
// it; when none is (a trickle of documents), it goes out at once, so batching costs latency only
// when the processor is busy, which is when requests cost throughput. Each caller still waits for
// the acknowledgement of its own event, so an offset is resolved only once its outcome is
// durable, exactly as with one request per event.
// While an outcome waits here its document has given its admission slot back (the worker threads
// move on to the next documents); `capacity` bounds how many do, so when Kafka is down the
// waiting outcomes fill it, the next documents keep their slots, and no new document starts.
import type { Message, Producer } from 'kafkajs'
import { Slots } from '../../lib/concurrency/slots.ts'

export interface OutcomePublisherOptions {
  producer: Producer
  topic: string
  /** Longest an event waits for others to share its request. */
  lingerMs: number
  /** Events in one request at most; a full batch is sent at once. Also the capacity. */
  maxBatch: number
}

export interface ExpectedOutcome {
  /** Resolves when Kafka (acks=all) has the event; rejects with the error of its request. May be retried. */
  publish: (message: Message) => Promise<void>
  /** The document ends without an event (dead-lettered, withdrawn, abandoned). */
  cancel: () => void
}

interface Waiting {
  message: Message
  resolve: () => void
  reject: (error: unknown) => void
}

export class OutcomePublisher {
  readonly #options: OutcomePublisherOptions
  readonly #waiting: Waiting[] = []
  #timer: NodeJS.Timeout | undefined
  /** Documents expected to publish an event soon: the ones whose events could still join a batch. */
  #processing = 0
  /** Documents between handing their outcome over and its acknowledgement (retries included). */
  readonly capacity: Slots

  constructor (options: OutcomePublisherOptions) {
    this.#options = options
    this.capacity = new Slots(options.maxBatch)
  }

  /**
   * A document began processing: until it publishes its event (or cancels), the events already
   * waiting may wait for it, up to `lingerMs`.
   */
  expect (): ExpectedOutcome {
    this.#processing++
    let expected = true
    const settle = (): boolean => {
      if (!expected) return false
      expected = false
      this.#processing--
      return true
    }
    return {
      publish: async (message) => {
        settle()
        await this.#enqueue(message)
      },
      cancel: () => {
        if (settle() && this.#processing === 0 && this.#waiting.length > 0) this.#send()
      }
    }
  }

  async #enqueue (message: Message): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({ message, resolve, reject })
      if (this.#waiting.length >= this.#options.maxBatch || this.#processing === 0) this.#send()
      else this.#timer ??= setTimeout(() => this.#send(), this.#options.lingerMs)
    })
  }

  #send (): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const batch = this.#waiting.splice(0, this.#options.maxBatch)
    if (this.#waiting.length > 0) this.#timer = setTimeout(() => this.#send(), this.#options.lingerMs)
    this.#options.producer.send({ topic: this.#options.topic, acks: -1, messages: batch.map((entry) => entry.message) }).then(
      () => { for (const entry of batch) entry.resolve() },
      // A request that failed may still have been appended in part: every caller retries, and the
      // sink keeps one row per document id.
      (error: unknown) => { for (const entry of batch) entry.reject(error) }
    )
  }
}
