// `sluice dlq list | replay` on the real stack: an S3 outage longer than the outage limit
// dead-letters a document (outage_limit), a poison message is dead-lettered as undecodable; list
// filters them by reason and time; replay after S3 is back puts the original event on the
// received topic, and replaying the same letter again publishes nothing, so the document ends
// with exactly one outcome.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { startSwitchableProxy, type SwitchableProxy } from './fixtures/switchable-proxy.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'
import { repositoryRoot } from '../../../support/repository.ts'

const repository = repositoryRoot
const run = promisify(execFile)

let stack: TestStack
let proxy: SwitchableProxy | undefined
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack({ SLUICE_PROCESSOR_OUTAGE_LIMIT: '2s' })
  const s3 = new URL(stack.config.s3.endpoint)
  proxy = await startSwitchableProxy(s3.hostname, Number(s3.port))
  // Only the processor goes through the proxy; the dlq command and the test talk to S3 directly.
  processor = spawnProcessor({ ...stack.env, SLUICE_S3_ENDPOINT: `http://127.0.0.1:${proxy.port}` }, ['--workers', '1'])
  await processor.started
})

after(async () => {
  await ensureStopped(processor)
  await proxy?.close()
  await stack?.cleanup()
})

async function dlq (...args: string[]): Promise<string> {
  const { stdout } = await run(path.join(repository, 'node_modules/.bin/node'), ['bin/sluice.js', 'dlq', ...args], { cwd: repository, env: { ...process.env, ...stack.env } })
  return stdout
}

const jsonLines = (text: string): Array<Record<string, unknown>> => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line))

test('dead letters are listed by reason and time, replayed once after the fix, and end with one outcome', async () => {
  const startedSeconds = Math.floor(Date.now() / 1000) - 1
  await proxy?.off()
  const event = await stack.submit((await generateDocument({ seed: `dlq-${stack.runId}`, pageCounts: [1] }, 0)).bytes)
  await stack.publishRaw('poison', Buffer.from('{"not":"avro"}'))
  await stack.collector.waitFor('two dead letters', () => stack.collector.deadLetters.length >= 2, 60_000)
  await proxy?.on()

  const all = jsonLines(await dlq('list', '--json'))
  assert.deepEqual(all.map((letter) => letter.errorCode).sort(), ['outage_limit', 'undecodable'])
  const outage = jsonLines(await dlq('list', '--json', '--reason', 'outage_limit', '--since', '1h'))
  assert.equal(outage.length, 1)
  assert.equal(outage[0]?.documentId, event.documentId)
  assert.match(String(outage[0]?.errorMessage), /fetch still failing after an outage/)
  assert.deepEqual(jsonLines(await dlq('list', '--json', '--from', String(startedSeconds - 86_400), '--to', String(startedSeconds))), [], 'nothing failed before the test started')
  await assert.rejects(dlq('list', '--reason', 'no_such_code'), /not a dead-letter code/)

  assert.match(await dlq('replay', '--reason', 'outage_limit'), /1 matching dead letters: 1 replayed/)
  assert.match(await dlq('replay', '--reason', 'outage_limit'), /1 matching dead letters: 0 replayed to \S+, 1 already replayed/)
  const outcomeOf = (documentId: string) => stack.collector.processed.filter((processed) => processed.documentId === documentId)
  await stack.collector.waitFor('the replayed document', () => outcomeOf(event.documentId).length > 0, 60_000)
  // Once a document submitted afterwards on the same processor is out, a second copy of the
  // replayed event would have been processed too.
  const marker = await stack.submit((await generateDocument({ seed: `dlq-${stack.runId}`, pageCounts: [1] }, 1)).bytes)
  await stack.collector.waitFor('the marker document', () => outcomeOf(marker.documentId).length > 0, 60_000)
  assert.equal(outcomeOf(event.documentId).length, 1)
  assert.equal(outcomeOf(event.documentId)[0]?.status, 'processed')
  assert.equal(stack.collector.deadLetters.filter((letter) => letter.documentId === event.documentId).length, 1)
  // With the outcome (its result object) in place, the letter is skipped even once its replay
  // marker is gone.
  assert.ok(await stack.readResult(event.documentId) !== undefined)
  const markers: string[] = []
  for await (const item of stack.s3.listObjectsV2(stack.config.s3.resultsBucket, '_sluice/dlq-replayed/', true) as AsyncIterable<{ name?: string }>) if (item.name !== undefined) markers.push(item.name)
  assert.equal(markers.length, 1)
  await stack.s3.removeObjects(stack.config.s3.resultsBucket, markers)
  assert.match(await dlq('replay', '--reason', 'outage_limit'), /0 replayed to \S+, 0 already replayed, 1 already processed/)
})
