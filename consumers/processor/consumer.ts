// The Kafka side of the processor: a consumer group on the received topic. Several partitions
// are consumed concurrently and, within a partition, several documents are in flight at once
// (bounded by a process-wide admission limit); offsets are resolved strictly in order and only
// for messages whose outcome Kafka has acknowledged, so a crash never skips a document.
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import { consumerGroupCheck } from '../../lib/health/consumer-group.ts'
import type { Readiness } from '../../lib/health/readiness.ts'
import type { Logger } from '../../lib/log.ts'
import { BatchOffsets } from './offsets.ts'
import type { MessageOutcome } from './pipeline.ts'
import { Abandoned } from './retry.ts'
import { Slots } from '../../lib/concurrency/slots.ts'

export interface ConsumerOptions {
  kafka: Kafka
  groupId: string
  /** How long the group waits for a silent member before giving its partitions to the others. */
  sessionTimeoutMs: number
  topic: string
  /** Partitions consumed concurrently by this process. */
  concurrency: number
  /** Documents in flight at once in this process, across partitions. */
  admission: number
  /**
   * `stopWaiting` aborts on shutdown or when the partition moves to another member.
   * `releaseAdmission` lets the next document start before this one has finished (its outcome is
   * stored and only waits to be published); the offset still waits for the returned promise.
   */
  handle: (topic: string, partition: number, message: KafkaMessage, stopWaiting: AbortSignal, releaseAdmission: () => void) => Promise<MessageOutcome>
  log: Logger
  /** Called when kafkajs gives up on the consumer for good (it will not restart itself). */
  onFatal: (error: Error) => void
  /** Gets the group-membership check ('kafka') of /readyz. */
  readiness?: Readiness
}

export interface RunningConsumer {
  /** Stops fetching, drains in-flight documents, commits and leaves the group. */
  stop: () => Promise<void>
}

const heartbeatEveryMs = 1000

export async function startConsumer (options: ConsumerOptions): Promise<RunningConsumer> {
  const { kafka, log } = options
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeoutMs / 3)),
    // Received events are small; a modest fetch keeps batches short so offsets move steadily.
    maxBytesPerPartition: 256 * 1024,
    // Stopping waits for the fetch in progress; a short long-poll keeps SIGTERM quick.
    maxWaitTimeInMs: 1000
  })
  options.readiness?.set('kafka', consumerGroupCheck(consumer))
  const shutdown = new AbortController()
  const admission = new Slots(options.admission)
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log.error({ error: payload.error?.message, restart: payload.restart }, 'Kafka consumer crashed')
    if (!payload.restart) options.onFatal(payload.error)
  })
  await consumer.connect()
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true })
  await consumer.run({
    eachBatchAutoResolve: false,
    autoCommit: true,
    autoCommitInterval: 500,
    partitionsConsumedConcurrently: options.concurrency,
    eachBatch: async (payload) => consumeBatch(payload, options, admission, shutdown.signal)
  })
  return {
    stop: async () => {
      // Outage waits end now (their events stay uncommitted); running documents finish.
      shutdown.abort()
      await consumer.stop()
      await consumer.disconnect()
    }
  }
}

async function consumeBatch (payload: EachBatchPayload, options: ConsumerOptions, admission: Slots, shutdown: AbortSignal): Promise<void> {
  const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload
  const { topic, partition, messages } = batch
  const offsets = new BatchOffsets(messages.map((message) => message.offset))
  let rebalancing = false
  let failure: unknown
  // Documents paused by an outage stop waiting on shutdown or when the partition moves; they are
  // left uncommitted for whoever owns the partition next, so the member can rejoin in time.
  const moving = new AbortController()
  const stopWaiting = AbortSignal.any([shutdown, moving.signal])
  // Heartbeats go on while documents are paused by an outage, however long, so the group keeps
  // this member and its partitions instead of rebalancing them to members that would wait too.
  const heartbeats = setInterval(() => {
    heartbeat().catch((error: { type?: string }) => {
      // The group is rebalancing: finish what is running and hand the partition over.
      if (error?.type === 'REBALANCE_IN_PROGRESS' || error?.type === 'NOT_COORDINATOR_FOR_GROUP' || error?.type === 'UNKNOWN_MEMBER_ID') {
        rebalancing = true
        moving.abort()
      }
    })
  }, heartbeatEveryMs)
  const inFlight = new Set<Promise<void>>()
  const keepGoing = (): boolean => isRunning() && !isStale() && !rebalancing && failure === undefined
  try {
    for (const message of messages) {
      await admission.acquire()
      if (!keepGoing()) {
        admission.release()
        break
      }
      let admitted = true
      const releaseAdmission = (): void => {
        if (!admitted) return
        admitted = false
        admission.release()
      }
      const work = options.handle(topic, partition, message, stopWaiting, releaseAdmission).then(
        async () => {
          const resolvable = offsets.complete(message.offset)
          if (resolvable === undefined) return
          resolveOffset(resolvable)
          // Throttled by autoCommitInterval; committing as offsets move keeps the redelivery
          // window after a crash to about that interval, however long the batch is.
          await commitOffsetsIfNecessary().catch(() => {})
        },
        (error: unknown) => {
          // Left unresolved: it and everything after it in this partition are redelivered.
          if (!(error instanceof Abandoned)) failure ??= error
        }
      ).finally(() => {
        releaseAdmission()
        inFlight.delete(work)
      })
      inFlight.add(work)
    }
    await Promise.all(inFlight)
    await commit(payload, options.log)
  } finally {
    clearInterval(heartbeats)
  }
  if (failure !== undefined) {
    options.log.error({ topic, partition, error: (failure as Error)?.message }, 'a document could not be finished and not dead-lettered either; its partition will be redelivered from it')
    throw failure
  }
}

async function commit (payload: EachBatchPayload, log: Logger): Promise<void> {
  try {
    // On shutdown, commit now rather than waiting for the auto-commit interval.
    if (!payload.isRunning()) await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets())
    else await payload.commitOffsetsIfNecessary()
  } catch (error) {
    // A commit refused during a rebalance only means the next owner redoes a few documents;
    // outputs are keyed by document id, so that is harmless.
    log.warn({ partition: payload.batch.partition, error: (error as Error)?.message }, 'offset commit failed; the uncommitted documents will be redelivered')
  }
}
