// `sluice dlq list | replay`: what the processor dead-lettered, and putting it back after a fix.
import { exitCodes, type Command } from '../command.ts'
import { resolveWindow } from '../../lib/analytics/window.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { deadLetterCodes, SluiceError } from '../../lib/errors.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { readDeadLetters, type DeadLetterFilter, type StoredDeadLetter } from '../../consumers/processor/dlq-read.ts'
import { replayDeadLetter, type ReplayResult } from '../../consumers/processor/dlq-replay.ts'

/** Codes --reason accepts: today's, and retries_exhausted, written by processors that gave up after five attempts. */
const filterCodes: readonly string[] = [...deadLetterCodes, 'retries_exhausted']

export const dlqCommand: Command = {
  name: 'dlq',
  summary: 'List dead-lettered events, or replay them onto the received topic after a fix',
  usage: 'sluice dlq list|replay [--reason CODE]... [--since DURATION | --from T [--to T]] [--json]',
  details: [
    'Reads SLUICE_TOPIC_DLQ from its start. Filters: --reason (repeatable; ' + filterCodes.join(', ') + '),',
    'and a window on the time of the last failure (--since 1h, or --from T [--to T]; default: all time).',
    '`list` prints one line per dead letter (or JSON lines with --json) and changes nothing.',
    '`replay` publishes the original key and value of each matching letter to SLUICE_TOPIC_RECEIVED.',
    'It is idempotent: a replayed letter is marked in SLUICE_S3_RESULTS_BUCKET under _sluice/dlq-replayed/',
    'and skipped afterwards, as is a letter whose document already has an outcome. See docs/processor.md.'
  ].join('\n'),
  options: {
    reason: { type: 'string', multiple: true, description: 'Only letters with this code (repeatable)', default: '(all)' },
    since: { type: 'string', description: 'Only letters whose last failure is within this duration of now, e.g. 1h, 7d' },
    from: { type: 'string', description: 'Only letters whose last failure is at or after this time' },
    to: { type: 'string', description: 'Only letters whose last failure is before this time (default: now)' },
    json: { type: 'boolean', description: 'One JSON object per line' }
  },
  positionals: { min: 1, max: 1 },
  async run ({ values, positionals }) {
    const action = positionals[0]
    if (action !== 'list' && action !== 'replay') {
      process.stderr.write(`sluice dlq: unknown action "${action ?? ''}"; use "list" or "replay"\n`)
      return exitCodes.usage
    }
    const filter = parseFilter(values)
    const config = loadConfig()
    const codec = await provisionSluice(config)
    const kafka = createKafka(config, 'dlq')
    const letters = await readDeadLetters(kafka, codec, config.kafka.topicDeadLetter, filter)
    const json = values.json === true
    if (action === 'list') {
      for (const stored of letters) process.stdout.write(json ? JSON.stringify(describe(stored)) + '\n' : line(stored) + '\n')
      if (!json) process.stderr.write(`${letters.length} dead letters on ${config.kafka.topicDeadLetter}\n`)
      return exitCodes.ok
    }
    const producer = kafka.producer({ allowAutoTopicCreation: false })
    await producer.connect()
    const counts: Record<ReplayResult, number> = { replayed: 0, already_replayed: 0, already_processed: 0, no_original: 0 }
    try {
      const target = { producer, s3: createS3Client(config), resultsBucket: config.s3.resultsBucket, receivedTopic: config.kafka.topicReceived, deadLetterTopic: config.kafka.topicDeadLetter }
      for (const stored of letters) {
        const result = await replayDeadLetter(target, stored)
        counts[result]++
        if (json) process.stdout.write(JSON.stringify({ ...describe(stored), result }) + '\n')
      }
    } finally {
      await producer.disconnect()
    }
    if (!json) {
      process.stdout.write(`${letters.length} matching dead letters: ${counts.replayed} replayed to ${config.kafka.topicReceived}, ` +
        `${counts.already_replayed} already replayed, ${counts.already_processed} already processed, ${counts.no_original} without an original event\n`)
    }
    return exitCodes.ok
  }
}

function parseFilter (values: Record<string, unknown>): DeadLetterFilter {
  const reasons = ((values.reason as string[] | undefined) ?? []).map(String)
  for (const reason of reasons) {
    if (!filterCodes.includes(reason)) {
      throw new SluiceError('USAGE', `--reason "${reason.slice(0, 40)}" is not a dead-letter code`, { hint: `Use one of ${filterCodes.join(', ')}.` })
    }
  }
  const text = (name: string): string | undefined => typeof values[name] === 'string' ? values[name] : undefined
  const anyWindow = ['since', 'from', 'to'].some((name) => text(name) !== undefined)
  return { reasons, ...(anyWindow ? { window: resolveWindow({ since: text('since'), from: text('from'), to: text('to') }) } : {}) }
}

function describe ({ partition, offset, letter }: StoredDeadLetter): Record<string, unknown> {
  return {
    documentId: letter.documentId,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    firstFailureAt: new Date(letter.firstFailureAt).toISOString(),
    lastFailureAt: new Date(letter.lastFailureAt).toISOString(),
    source: `${letter.sourceTopic}/${letter.sourcePartition}@${letter.sourceOffset}`,
    deadLetter: `${partition}@${offset}`
  }
}

function line (stored: StoredDeadLetter): string {
  const { letter } = stored
  return [new Date(letter.lastFailureAt).toISOString(), letter.errorCode.padEnd(14), letter.documentId ?? '(no document id)', `attempts=${letter.attempts}`, letter.errorMessage.slice(0, 120)].join('  ')
}
