// Admission control at the topic door, on the real stack: while the processor group is further
// behind than SLUICE_ADMISSION_MAX_LAG, `sluice publish` holds its files back and sends them once
// the group has caught up.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../../../lib/config/index.ts'
import { startConfiguredAdmission, type ConfiguredAdmission } from '../../../../lib/ingest/admission.ts'
import { createReceivedPublisher, type ReceivedPublisher } from '../../../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { createCallerStrings, type CallerStrings } from '../../../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../../../lib/provision.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { expandInputs } from '../../../../producers/publish/inputs.ts'
import { publishFiles } from '../../../../producers/publish/publish.ts'
import { ingestTestConfig, onePagePdf, readReceived, removeTestResources, uniqueSuffix, type ReceivedReader } from '../../../support/ingest.ts'

let config: Config
let directory: string
let publisher: ReceivedPublisher
let admission: ConfiguredAdmission
let reader: ReceivedReader
let callerStrings: CallerStrings

before(async () => {
  config = ingestTestConfig({
    SLUICE_ADMISSION_MAX_LAG: '1',
    SLUICE_ADMISSION_REFRESH_INTERVAL: '200ms',
    SLUICE_PROCESSOR_GROUP: `it-admission-publish-processor-${uniqueSuffix()}`
  })
  const kafka = createKafka(config, 'it-admission-publish')
  publisher = await createReceivedPublisher(config, kafka, await provisionSluice(config))
  admission = await startConfiguredAdmission(config, kafka, 'publish')
  reader = await readReceived(config)
  callerStrings = await createCallerStrings(config.redaction)
  directory = await mkdtemp(join(tmpdir(), 'sluice-admission-publish-'))
  const pdf = await onePagePdf('Admission at the topic door')
  for (const name of ['first', 'second', 'held', 'after']) await writeFile(join(directory, `${name}.pdf`), pdf)
})

after(async () => {
  await admission?.close()
  await publisher?.disconnect()
  await reader?.close()
  if (directory !== undefined) await rm(directory, { recursive: true, force: true })
  if (config !== undefined) await removeTestResources(config)
})

/** Moves the processor group's offsets to the end of the received topic, as a processor's commits would. */
async function catchUp (): Promise<void> {
  const admin = createKafka(config, 'it-admission-publish-drain').admin()
  await admin.connect()
  try {
    const ends = await admin.fetchTopicOffsets(config.kafka.topicReceived)
    await admin.setOffsets({ groupId: config.processor.groupId, topic: config.kafka.topicReceived, partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })) })
  } finally {
    await admin.disconnect()
  }
}

test('publish holds files while the processor group is behind and sends them once it caught up', async () => {
  const s3 = createS3Client(config)
  const first = await publishFiles(config, s3, publisher, expandInputs([join(directory, 'first.pdf'), join(directory, 'second.pdf')]), { concurrency: 1, metadata: {}, callerStrings })
  assert.deepEqual(first, { sent: 2, skipped: 0, failed: 0 })
  await admission.gate.refresh()
  assert.equal(admission.gate.state().open, false, 'two unconsumed events, bound 1: the door is closed')

  let held = 0
  let caughtUpAt = 0
  let caughtUp: Promise<void> | undefined
  const rest = await publishFiles(config, s3, publisher, expandInputs([join(directory, 'held.pdf'), join(directory, 'after.pdf')]), {
    concurrency: 1,
    metadata: {},
    callerStrings,
    admission: admission.gate,
    onHeld: () => {
      held++
      // The group catches up only once a file is being held, so the hold is what the test sees.
      caughtUpAt = Date.now()
      caughtUp = catchUp()
    }
  })
  await caughtUp
  assert.deepEqual(rest, { sent: 2, skipped: 0, failed: 0 })
  assert.equal(held, 1, 'the first file waited; the door was open again for the second')
  const events = await reader.waitFor(4)
  const later = events.filter((entry) => ['held.pdf', 'after.pdf'].includes(entry.event.metadata.fileName ?? ''))
  assert.equal(later.length, 2, JSON.stringify(events.map((entry) => entry.event.metadata)))
  for (const entry of later) assert.ok(entry.event.receivedAt >= caughtUpAt, 'held files are sent only after the group caught up')
})
