// `sluice up` on the real stack: the four services start, the API answers, and SIGTERM stops
// them all (children first) with exit code 0, leaving no process behind.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createClickHouse, clickHouseOptions } from '../../../../lib/clickhouse/client.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { cliPath } from '../../../../infra/run-all/supervisor.ts'
import { pipelineTestEnv, removeTestResources } from '../../../support/ingest.ts'
import { waitFor } from '../../../support/wait.ts'

test('sluice up runs api, bridge, processor and sink with prefixed logs, and SIGTERM stops them all', { timeout: 120_000 }, async () => {
  const env = await pipelineTestEnv('up')
  const config = loadConfig(env)
  const child = spawn(process.execPath, [cliPath, 'up', '--no-stack'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${config.api.port}/readyz`).catch(() => undefined))?.ok === true, { what: 'the API to be ready', timeoutMs: 60_000, intervalMs: 250, progress: () => `${stdout}\n${stderr}`.slice(-3000) })
    await waitFor(async () => /^processor \|.*INFO/m.test(stdout) && /^sink +\|.*INFO/m.test(stdout), { what: 'processor and sink log lines', timeoutMs: 30_000, intervalMs: 250, progress: () => stdout.slice(-3000) })
    const pids = [...stderr.matchAll(/\((pid (\d+))\)/g)].map((match) => Number(match[2]))
    assert.equal(pids.length, 4, stderr)
    child.kill('SIGTERM')
    assert.equal(await exited, 0, `${stdout}\n${stderr}`)
    assert.match(stderr, /api stopped \(code 0\)/)
    assert.match(stderr, /sink stopped \(code 0\)/)
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `service pid ${pid} still running`)
    assert.match(stdout, /^api +\| \d\d:\d\d:\d\d\.\d{3} INFO /m)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    await removeTestResources(config).catch(() => {})
    const clickhouse = createClickHouse(clickHouseOptions(config))
    await clickhouse.exec(`DROP DATABASE IF EXISTS ${config.clickhouse.database}`).catch(() => {})
    await clickhouse.close()
  }
})
