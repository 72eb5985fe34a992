// The ClickHouse sink: one kafkajs consumer group reading the processed and dead-letter
// topics, rows buffered and written in batches (by row count or by age), offsets committed
// only after ClickHouse accepted the batch. While ClickHouse is down the sink pauses fetching,
// retries the same batch with backoff and keeps at most maxBufferedRows rows waiting; when it
// is back, the batch goes in and consumption resumes. Rows are written without asking what is
// stored: redeliveries are made harmless by the tables and readers (see writer.ts).
import { setTimeout as sleep } from 'node:timers/promises'
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import type { Config } from '../../lib/config/index.ts'
import type { EventKind, EventPayloads } from '../../lib/events/types.ts'
import { consumerGroupCheck } from '../../lib/health/consumer-group.ts'
import type { Readiness } from '../../lib/health/readiness.ts'
import type { Logger } from '../../lib/log.ts'
import { backoffDelay, type BackoffPolicy } from '../../lib/retry/backoff.ts'
import { isTransient } from '../../lib/retry/transient.ts'
import { createSinkBuffer, type Batch } from './buffer.ts'
import type { SinkMetrics } from './metrics.ts'
import { deadLetterRow, outcomeRow } from './rows.ts'
import { writeBatch } from './writer.ts'

export type Decode = <K extends EventKind>(kind: K, message: Buffer) => Promise<EventPayloads[K]>

export interface SinkConsumerOptions {
  config: Config
  kafka: Kafka
  clickhouse: ClickHouse
  decode: Decode
  metrics: SinkMetrics
  logger: Logger
  /** Called when kafkajs gives up on the consumer for good (it restarts it on retriable errors). */
  onFatal?: (error: Error) => void
  /** Gets the group-membership check ('kafka') of /readyz. */
  readiness?: Readiness
}

export interface Sink {
  /** Applies migrations (waiting for ClickHouse if needed), joins the group and starts consuming. */
  start: () => Promise<void>
  /** Stops fetching, writes and commits what is buffered (bounded by the shutdown timeout), leaves the group. */
  stop: () => Promise<void>
}

type PauseReason = 'full' | 'unavailable' | 'stopping'

export function createSink (options: SinkConsumerOptions): Sink {
  const { config, clickhouse, metrics, logger } = options
  const database = config.clickhouse.database
  const { batchRows, batchMs, maxRetryBackoffMs, shutdownTimeoutMs } = config.sink
  const maxBufferedRows = Math.max(config.sink.maxBufferedRows, batchRows)
  // 100 ms, 200 ms, 400 ms ... up to the configured cap, with jitter.
  const backoff: BackoffPolicy = { initialMs: 100, maxMs: maxRetryBackoffMs, factor: 2 }
  const topics = [config.kafka.topicProcessed, config.kafka.topicDeadLetter]
  // A fetch waits up to 250 ms for 64 KiB of outcomes (about fifty) instead of returning each one
  // alone: the bench counted 0.99 fetches per document with kafkajs's defaults (1 byte, 5 s), one
  // broker round trip per outcome. Rows wait for the 1 s batch interval anyway.
  const consumer: Consumer = options.kafka.consumer({ groupId: config.sink.groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, minBytes: 64 * 1024, maxWaitTimeInMs: 250 })
  options.readiness?.set('kafka', consumerGroupCheck(consumer))
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error({ error: payload.error.message, restart: payload.restart }, 'Kafka consumer crashed')
    if (!payload.restart) options.onFatal?.(payload.error)
  })
  const buffer = createSinkBuffer()
  const pausedBy = new Set<PauseReason>()
  let flushLoop: Promise<void> | undefined
  let handler: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopping = false
  let running = false
  let shutdownDeadline = Infinity

  const setPaused = (reason: PauseReason, paused: boolean): void => {
    const wasPaused = pausedBy.size > 0
    if (paused) pausedBy.add(reason)
    else pausedBy.delete(reason)
    const isPaused = pausedBy.size > 0
    metrics.paused.set(isPaused ? 1 : 0)
    if (isPaused === wasPaused) return
    const topicList = topics.map((topic) => ({ topic }))
    if (isPaused) consumer.pause(topicList)
    else consumer.resume(topicList)
    logger.info({ reasons: [...pausedBy] }, isPaused ? 'fetching paused' : 'fetching resumed')
  }

  const accept = async (topic: string, partition: number, message: KafkaMessage): Promise<void> => {
    const offset = Number(message.offset)
    const now = Date.now()
    const position = { partition, offset, appendedAtMs: Number(message.timestamp) }
    try {
      if (message.value === null) throw new Error('message has no value')
      if (topic === config.kafka.topicProcessed) {
        buffer.addOutcome(outcomeRow(await options.decode('processed', message.value), position), topic, partition, offset, now)
      } else {
        buffer.addDeadLetter(deadLetterRow(await options.decode('deadLetter', message.value), position, now), topic, partition, offset, now)
      }
    } catch (error) {
      // The registry being unreachable says nothing about the message: fail the batch so kafkajs
      // restarts the consumer and re-reads from the last taken offset, instead of skipping it.
      if (isTransient(error)) throw error
      // Counted and logged with its position so it can be found and replayed; it cannot become a row.
      metrics.undecodable.inc({ topic })
      logger.error({ topic, partition, offset, error: (error as Error).message }, 'undecodable message skipped')
      buffer.addSkipped(topic, partition, offset, now)
    }
    metrics.bufferedRows.set(buffer.size)
  }

  const eachBatch = async ({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    let lastTaken = -1
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break
      if (stopping || buffer.size >= maxBufferedRows) {
        // Not taken: Kafka hands this message out again once fetching resumes (or to the next owner).
        consumer.seek({ topic: batch.topic, partition: batch.partition, offset: message.offset })
        if (!stopping) setPaused('full', true)
        scheduleFlush()
        break
      }
      await accept(batch.topic, batch.partition, message)
      resolveOffset(message.offset)
      lastTaken = Number(message.offset)
      if (buffer.size >= batchRows) scheduleFlush()
    }
    if (lastTaken >= 0) metrics.consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.highWatermark) - lastTaken - 1))
  }

  const commit = async (batch: Batch): Promise<void> => {
    if (batch.offsets.length === 0) return
    try {
      await consumer.commitOffsets(batch.offsets)
    } catch (error) {
      // Typically a rebalance moved the partition: its new owner re-reads and inserts these events
      // again, which every reader counts once (newest version per document), so nothing is counted twice.
      logger.warn({ error: (error as Error).message, offsets: batch.offsets }, 'offset commit failed after insert; events will be redelivered and deduplicated')
    }
  }

  /** Writes the batch until ClickHouse accepts it; false only if shutdown ran out of time. */
  const writeUntilAccepted = async (batch: Batch): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now()
      try {
        const result = await writeBatch(clickhouse, database, batch)
        metrics.insertSeconds.observe((performance.now() - started) / 1000)
        metrics.batchRows.observe(result.outcomesInserted + result.deadLettersInserted)
        metrics.rowsInserted.inc({ table: 'document_outcomes' }, result.outcomesInserted)
        metrics.rowsInserted.inc({ table: 'dead_letters' }, result.deadLettersInserted)
        metrics.batchesInserted.inc()
        metrics.duplicatesSkipped.inc(batch.duplicates)
        if (attempt > 1) logger.info({ attempts: attempt }, 'ClickHouse accepted the batch again')
        setPaused('unavailable', false)
        return true
      } catch (error) {
        metrics.retries.inc()
        setPaused('unavailable', true)
        const delay = backoffDelay(attempt, backoff)
        logger.warn({ error: (error as Error).message, attempt, rows: batch.outcomes.length + batch.deadLetters.length, retryInMs: delay }, 'ClickHouse write failed; fetching paused, will retry')
        if (Date.now() + delay > shutdownDeadline) return false
        await sleep(delay)
      }
    }
  }

  const runFlushes = async (): Promise<void> => {
    while (buffer.pending > 0) {
      const due = stopping || buffer.size >= batchRows || buffer.ageMs(Date.now()) >= batchMs
      if (!due) break
      const batch = buffer.take()
      metrics.bufferedRows.set(buffer.size)
      if (!await writeUntilAccepted(batch)) {
        logger.warn({ rows: batch.outcomes.length + batch.deadLetters.length }, 'shutdown timeout reached before ClickHouse accepted the batch; offsets not committed, events will be redelivered')
        return
      }
      await commit(batch)
      if (buffer.size < maxBufferedRows) setPaused('full', false)
    }
  }

  function scheduleFlush (): void {
    if (flushLoop !== undefined) return
    flushLoop = runFlushes()
      .catch((error: unknown) => { logger.error({ error: (error as Error).message }, 'flush loop failed') })
      .finally(() => { flushLoop = undefined })
  }

  const flushesDone = async (): Promise<void> => {
    for (let current = flushLoop; current !== undefined; current = flushLoop) await current
  }

  return {
    async start () {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await migrate(clickhouse, database)
          logger.info({ database, applied: result.applied.map((migration) => `${migration.version}_${migration.name}`) }, 'ClickHouse schema up to date')
          break
        } catch (error) {
          if (stopping) return
          const delay = backoffDelay(attempt, backoff)
          logger.warn({ error: (error as Error).message, attempt, retryInMs: delay }, 'cannot apply ClickHouse migrations yet; retrying')
          await sleep(delay)
        }
      }
      if (stopping) return
      await consumer.connect()
      running = true
      await consumer.subscribe({ topics, fromBeginning: true })
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async (payload) => {
          const consuming = eachBatch(payload)
          handler = consuming.catch(() => {})
          await consuming
        }
      })
      timer = setInterval(() => {
        if (buffer.pending > 0 && buffer.ageMs(Date.now()) >= batchMs) scheduleFlush()
      }, Math.max(5, Math.floor(batchMs / 4)))
    },
    async stop () {
      stopping = true
      shutdownDeadline = Date.now() + shutdownTimeoutMs
      clearInterval(timer)
      if (!running) return
      setPaused('stopping', true)
      await handler
      await flushesDone()
      scheduleFlush()
      await flushesDone()
      await consumer.disconnect()
    }
  }
}
