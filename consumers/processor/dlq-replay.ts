// Puts dead-lettered events back on the received topic, byte for byte (original key and value),
// once whatever made them fail is fixed. Idempotent twice over: each replayed letter leaves a
// marker in the results bucket and is skipped by later replays, and a letter whose document
// already has an outcome (its result object exists) is skipped too. Should an event still be
// replayed twice (a crash between publishing and writing the marker), downstream outputs are
// keyed by document id: the results objects are overwritten and the sink keeps one row.
import type { Producer } from 'kafkajs'
import type { Client } from 'minio'
import { outcomeKeys, replayedDeadLetterKey } from '../../lib/ingest/object-keys.ts'
import type { StoredDeadLetter } from './dlq-read.ts'

export interface ReplayTarget {
  producer: Producer
  s3: Client
  resultsBucket: string
  receivedTopic: string
  deadLetterTopic: string
}

export type ReplayResult = 'replayed' | 'already_replayed' | 'already_processed' | 'no_original'

export async function replayDeadLetter (target: ReplayTarget, stored: StoredDeadLetter): Promise<ReplayResult> {
  const { letter } = stored
  if (letter.originalValue === null) return 'no_original'
  const marker = replayedDeadLetterKey(target.deadLetterTopic, stored.partition, stored.offset)
  if (await exists(target.s3, target.resultsBucket, marker)) return 'already_replayed'
  if (letter.documentId !== null && await hasOutcome(target, letter.documentId)) return 'already_processed'
  await target.producer.send({ topic: target.receivedTopic, acks: -1, messages: [{ key: letter.originalKey, value: letter.originalValue }] })
  const body = Buffer.from(JSON.stringify({ replayedAt: new Date().toISOString(), documentId: letter.documentId, errorCode: letter.errorCode }) + '\n')
  await target.s3.putObject(target.resultsBucket, marker, body, body.byteLength, { 'Content-Type': 'application/json' })
  return 'replayed'
}

async function hasOutcome (target: ReplayTarget, documentId: string): Promise<boolean> {
  for (const key of outcomeKeys(documentId)) if (await exists(target.s3, target.resultsBucket, key)) return true
  return false
}

async function exists (s3: Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.statObject(bucket, key)
    return true
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'NotFound' || code === 'NoSuchKey') return false
    throw error
  }
}
