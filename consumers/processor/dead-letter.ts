// Dead-letter records: events the processor could not handle, kept with their original bytes
// so an operator can inspect and replay them. Published to the DLQ topic keyed like the original.
import type { KafkaMessage, Producer } from 'kafkajs'
import type { DeadLetterCode } from '../../lib/errors.ts'
import type { DeadLetter } from '../../lib/events/types.ts'
import type { EventCodec } from '../../lib/registry/codec.ts'

export interface DeadLetterInput {
  sourceTopic: string
  sourcePartition: number
  message: KafkaMessage
  documentId: string | null
  errorCode: DeadLetterCode
  errorMessage: string
  attempts: number
  firstFailureAt: number
  lastFailureAt: number
  host: string
}

export function deadLetterRecord (input: DeadLetterInput): DeadLetter {
  return {
    documentId: input.documentId,
    sourceTopic: input.sourceTopic,
    sourcePartition: input.sourcePartition,
    sourceOffset: Number(input.message.offset),
    originalKey: input.message.key,
    originalValue: input.message.value,
    errorCode: input.errorCode,
    errorMessage: input.errorMessage,
    attempts: input.attempts,
    firstFailureAt: input.firstFailureAt,
    lastFailureAt: input.lastFailureAt,
    host: input.host
  }
}

/** Resolves once the broker has acknowledged the record (acks=all). */
export async function publishDeadLetter (producer: Producer, codec: EventCodec, topic: string, record: DeadLetter): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: [{ key: record.originalKey ?? record.documentId, value: await codec.encode('deadLetter', record) }]
  })
}
