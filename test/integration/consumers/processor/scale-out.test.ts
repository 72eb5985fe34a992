// Scaling out is only a matter of starting more processes in the same group: two processors
// share the partitions, both do work, and every document is processed.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { waitForGroupAssignment } from '../../../support/consumer-group.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
const processors: ProcessorChild[] = []

before(async () => {
  stack = await createTestStack({ SLUICE_KAFKA_PARTITIONS: '4' })
})

after(async () => {
  for (const processor of processors) await ensureStopped(processor)
  await stack?.cleanup()
})

test('two processors in one group share the partitions and the documents', async () => {
  for (let index = 0; index < 2; index++) processors.push(spawnProcessor(stack.env, ['--workers', '1', '--concurrency', '4']))
  await Promise.all(processors.map(async (processor) => processor.started))
  // Both members own partitions before the work arrives, so neither can take it all.
  await waitForGroupAssignment(stack.kafka, { groupId: stack.config.processor.groupId, topic: stack.config.kafka.topicReceived, members: 2, partitions: 4, timeoutMs: 60_000 })
  const ids = new Set<string>()
  for (let index = 0; index < 24; index++) {
    ids.add((await stack.submit((await generateDocument({ seed: `scale-${stack.runId}`, pageCounts: [1, 2] }, index)).bytes)).documentId)
  }
  const distinct = (): Set<string> => new Set(stack.collector.processed.map((event) => event.documentId))
  await stack.collector.waitFor('every document', () => distinct().size >= ids.size, 60_000)
  assert.deepEqual([...distinct()].sort(), [...ids].sort())

  const pids = processors.map((processor) => processor.process.pid)
  const hosts = new Set(stack.collector.processed.map((event) => event.host))
  assert.equal(hosts.size, 2, `documents were processed by ${[...hosts].join(', ')}`)
  for (const host of hosts) assert.ok(pids.some((pid) => host.endsWith(`:${pid}`)), host)
  for (const processor of processors) processor.process.kill('SIGTERM')
  for (const processor of processors) assert.equal((await processor.exited).code, 0)
})
