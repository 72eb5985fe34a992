// The one driver of the long-running services, with a service that only records what happens
// to it: the Prometheus scrape target is there while it runs and gone after, a fatal failure
// stops it and becomes SERVICE_UNAVAILABLE.
import assert from 'node:assert/strict'
import { access, mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { runService } from '../../../cli/run-service.ts'
import { loadConfig } from '../../../lib/config/index.ts'
import { isSluiceError } from '../../../lib/errors.ts'
import { scrapeTargetsDirectory } from '../../../lib/metrics/scrape-target.ts'
import type { Service, ServiceOptions } from '../../../lib/service.ts'
import { waitFor } from '../../support/wait.ts'

test('a service that fails for good is stopped, unregistered and reported as SERVICE_UNAVAILABLE', async () => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-run-service-'))
  try {
    const config = loadConfig({ SLUICE_HOME: home })
    const targetFile = path.join(scrapeTargetsDirectory(home), 'sluice-sink-9464.json')
    const events: string[] = []
    const service: Service<ServiceOptions> = {
      name: 'sink',
      start: async (options) => {
        events.push('started')
        // Fails for good once Prometheus can find it, as a consumer that gives up would.
        waitFor(async () => await access(targetFile).then(() => true, () => false), { what: 'the scrape target file', timeoutMs: 10_000 })
          .then(() => options.onFatal?.(new Error('the consumer gave up')), (error: Error) => options.onFatal?.(error))
        return { metricsPort: 9464, stop: async () => { events.push('stopped') } }
      }
    }
    await assert.rejects(runService(service, { config }), (error) => isSluiceError(error, 'SERVICE_UNAVAILABLE') && /the consumer gave up/.test(error.message))
    assert.deepEqual(events, ['started', 'stopped'])
    assert.deepEqual(await readdir(scrapeTargetsDirectory(home)), [], 'the scrape target is removed')
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})
