// The orchestrator with small real servers (node HTTP processes) standing in for Kafka & co:
// start once, recover from a killed process, refuse a foreign process on the port, report a
// server that dies during start-up, and stop exactly what it started.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { isRecordedProcessRunning, readPidRecord } from '../../../../infra/local-stack/pid-file.ts'
import type { LocalService, StackContext } from '../../../../infra/local-stack/service.ts'
import { createStackContext, stackDown, stackStatus, stackUp } from '../../../../infra/local-stack/stack.ts'
import { waitFor } from '../../../support/wait.ts'

const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-stack-test-'))
const steps: string[] = []
const context: StackContext = createStackContext(loadConfig({ SLUICE_HOME: home, SLUICE_STACK_START_TIMEOUT: '10s' }), {
  step: (service, message) => { steps.push(`${service}: ${message}`) }
})

after(async () => {
  await stackDown(context, [fakeService('web', await freePort()), fakeService('early-exit', 1)])
  await rm(home, { recursive: true, force: true })
})

/**
 * A free port below Linux's ephemeral range (32768+): ports from `listen(0)` can be handed to any
 * other process on this shared machine between our check and our restart of the fake service.
 */
async function freePort (): Promise<number> {
  while (true) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const server = createServer()
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (bound) {
      await new Promise((resolve) => server.close(resolve))
      return port
    }
  }
}

function fakeService (name: string, port: number, script = `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`): LocalService {
  return {
    name,
    address: () => `127.0.0.1:${port}`,
    listens: () => [{ host: '127.0.0.1', port }],
    prerequisites: [],
    install: async () => {},
    prepare: async () => ({ command: process.execPath, args: ['-e', script, `${home}/${name}`], marker: `${home}/${name}` }),
    probe: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
      if (await response.text() !== 'ok') throw new Error('unexpected answer')
    },
    stopGraceMs: 2000
  }
}

async function pidOf (name: string): Promise<number | undefined> {
  return (await readPidRecord(context.layout.pidFile(name)))?.pid
}

test('up starts a service once, recovers after it is killed, and down stops it', { timeout: 30_000 }, async () => {
  const service = fakeService('web', await freePort())
  await stackUp(context, [service], [])
  const firstPid = await pidOf('web')
  assert.ok(firstPid !== undefined)

  await stackUp(context, [service], [])
  assert.equal(await pidOf('web'), firstPid, 'a second up must not start another process')
  assert.ok(steps.includes(`web: already running (pid ${firstPid})`))

  process.kill(firstPid, 'SIGKILL')
  await waitFor(async () => !await isRecordedProcessRunning({ pid: firstPid, marker: `${home}/web`, startedAt: '' }), { what: 'the killed service to be gone', timeoutMs: 10_000, intervalMs: 50 })
  const [crashed] = await stackStatus(context, [service])
  assert.equal(crashed?.healthy, false)

  await stackUp(context, [service], [])
  const secondPid = await pidOf('web')
  assert.ok(secondPid !== undefined && secondPid !== firstPid, 'up after a crash starts a new process')
  assert.equal((await stackStatus(context, [service]))[0]?.healthy, true)

  await stackDown(context, [service])
  assert.equal(await pidOf('web'), undefined)
  assert.equal(await isRecordedProcessRunning({ pid: secondPid, marker: `${home}/web`, startedAt: '' }), false)
  assert.match(await readFile(context.layout.log('web'), 'utf8'), /starting: /)
})

test('a foreign process on the port is reported instead of being used', { timeout: 30_000 }, async () => {
  const port = await freePort()
  const stranger: Server = createServer((_request, response) => response.end('ok'))
  await new Promise<void>((resolve) => stranger.listen(port, '127.0.0.1', resolve))
  try {
    await assert.rejects(stackUp(context, [fakeService('web', port)], []), (error) =>
      isSluiceError(error, 'STACK_START_FAILED') && /127\.0\.0\.1:\d+, needed by web, is already in use/.test(error.message))
    assert.equal(await pidOf('web'), undefined)
  } finally {
    await new Promise((resolve) => stranger.close(resolve))
  }
})

test('a server that exits during start-up fails up with the end of its log', { timeout: 30_000 }, async () => {
  const service = fakeService('early-exit', await freePort(), "console.error('cannot bind: config broken'); process.exit(3)")
  await assert.rejects(stackUp(context, [service], []), (error) =>
    isSluiceError(error, 'STACK_START_FAILED') && error.message.includes('early-exit exited during start-up') && error.message.includes('cannot bind: config broken'))
  assert.equal(await pidOf('early-exit'), undefined)
})

test('down leaves alone a process whose pid was reused by another program', { timeout: 30_000 }, async () => {
  const service = fakeService('web', await freePort())
  await stackUp(context, [service], [])
  const pid = await pidOf('web') as number
  // Same pid, different marker: as if the service had died and the pid been reused.
  const { writePidRecord } = await import('../../../../infra/local-stack/pid-file.ts')
  await writePidRecord(context.layout.pidFile('web'), { pid, marker: `${home}/someone-else`, startedAt: '' })
  await stackDown(context, [service])
  assert.equal(await isRecordedProcessRunning({ pid, marker: `${home}/web`, startedAt: '' }), true)
  process.kill(pid, 'SIGTERM')
})
