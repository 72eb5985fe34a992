import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { registerScrapeTarget, scrapeTargetsDirectory } from '../../../../lib/metrics/scrape-target.ts'

test('a scrape target is one file_sd JSON file that the returned function removes', async () => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-targets-'))
  try {
    const unregister = await registerScrapeTarget({ job: 'sluice-processor', port: 9465 }, home)
    const directory = scrapeTargetsDirectory(home)
    assert.deepEqual(await readdir(directory), ['sluice-processor-9465.json'])
    const document = JSON.parse(await readFile(path.join(directory, 'sluice-processor-9465.json'), 'utf8')) as unknown
    assert.deepEqual(document, [{ targets: ['127.0.0.1:9465'], labels: { job: 'sluice-processor' } }])
    await unregister()
    assert.deepEqual(await readdir(directory), [])
    await unregister()
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test('a job name that could escape the directory is refused', async () => {
  await assert.rejects(registerScrapeTarget({ job: '../x', port: 1 }, os.tmpdir()), /job name/)
})
