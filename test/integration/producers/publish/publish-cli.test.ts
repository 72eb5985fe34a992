// `sluice publish` as a user runs it: a directory tree with PDFs and files that are not.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { loadConfig, type Config } from '../../../../lib/config/index.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { freePort, ingestTestEnv, listKeys, onePagePdf, readReceived, removeTestResources } from '../../../support/ingest.ts'
import { repositoryPath } from '../../../support/repository.ts'

const run = promisify(execFile)
const sluice = repositoryPath('bin/sluice.js')
let env: NodeJS.ProcessEnv
let config: Config
let directory: string

before(async () => {
  env = ingestTestEnv()
  config = loadConfig(env)
  directory = await mkdtemp(join(tmpdir(), 'sluice-publish-'))
})

after(async () => {
  await rm(directory, { recursive: true, force: true })
  await removeTestResources(config)
})

test('publishes every PDF of a tree, skips the rest with a reason, and summarises', async () => {
  const pdf = await onePagePdf('published')
  await mkdir(join(directory, 'nested', 'deeper'), { recursive: true })
  const count = 40
  for (let index = 0; index < count; index++) {
    await writeFile(join(directory, index % 2 === 0 ? 'nested' : 'nested/deeper', `doc ${index} – é.pdf`), pdf)
  }
  await writeFile(join(directory, 'notes.txt'), 'not a pdf')
  await writeFile(join(directory, 'empty.pdf'), '')
  await writeFile(join(directory, 'zip-named.pdf'), 'PK\u0003\u0004')
  const { stdout, stderr } = await run(process.execPath, [sluice, 'publish', directory, '--concurrency', '4', '--metadata', 'batch=cli', '--metadata', 'owner=qa'], { env })
  assert.equal(stdout.trim(), `published ${count}, skipped 3, failed 0`, stderr)
  assert.match(stderr, /skipped: .*notes\.txt: not_pdf/)
  assert.match(stderr, /skipped: .*empty\.pdf: empty/)

  const reader = await readReceived(config)
  try {
    const events = await reader.waitFor(count)
    assert.equal(events.length, count)
    for (const { event } of events) {
      assert.equal(event.source, 'topic')
      assert.match(event.key, /^topic\/[0-9a-f-]{36}\.pdf$/)
      assert.equal(event.metadata.batch, 'cli')
      assert.equal(event.metadata.owner, 'qa')
      assert.match(event.metadata.fileName ?? '', /^doc \d+ – é\.pdf$/)
    }
    assert.equal((await listKeys(createS3Client(config), config.s3.inboxBucket, 'topic/')).length, count, 'skipped files are not uploaded')
  } finally {
    await reader.close()
  }
})

test('exits with "unavailable" and a clear message when the object store is down', async () => {
  await writeFile(join(directory, 'one.pdf'), await onePagePdf('x'))
  const closed = await freePort()
  const failure = await run(process.execPath, [sluice, 'publish', join(directory, 'one.pdf')], { env: { ...env, SLUICE_S3_ENDPOINT: `http://127.0.0.1:${closed}` } }).then(() => undefined, (error: { code: number, stderr: string }) => error)
  assert.ok(failure !== undefined, 'the command fails')
  assert.equal(failure.code, 4)
  assert.match(failure.stderr, /SERVICE_UNAVAILABLE.*S3/)
})

test('usage errors exit with 2', async () => {
  const failure = await run(process.execPath, [sluice, 'publish', directory, '--metadata', 'novalue'], { env }).then(() => undefined, (error: { code: number, stderr: string }) => error)
  assert.equal(failure?.code, 2)
  assert.match(failure?.stderr ?? '', /--metadata must be key=value/)
  // The API's metadata limits (lib/ingest/limits.ts) hold here too, before anything is stored.
  for (const [pair, message] of [[`note=${'x'.repeat(1025)}`, /limit is 1024 bytes/], ['bad name=x', /Field names are/]] as const) {
    const refused = await run(process.execPath, [sluice, 'publish', directory, '--metadata', pair], { env }).then(() => undefined, (error: { code: number, stderr: string }) => error)
    assert.equal(refused?.code, 2, pair.slice(0, 20))
    assert.match(refused?.stderr ?? '', message)
  }
})
