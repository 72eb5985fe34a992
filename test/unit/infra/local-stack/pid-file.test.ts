import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { commandLineMatches, isRecordedProcessRunning, isZombieStat, parsePidRecord, readPidRecord, writePidRecord } from '../../../../infra/local-stack/pid-file.ts'

test('pid records round-trip and reject garbage', async () => {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'sluice-pid-'))
  try {
    const file = path.join(directory, 'run', 'kafka.pid')
    await writePidRecord(file, { pid: 4242, marker: '/home/x/.sluice/config/kafka/server.properties', startedAt: '2026-01-01T00:00:00Z' })
    assert.deepEqual(await readPidRecord(file), { pid: 4242, marker: '/home/x/.sluice/config/kafka/server.properties', startedAt: '2026-01-01T00:00:00Z' })
    await writeFile(file, '4242\n')
    assert.equal(await readPidRecord(file), undefined, 'a bare pid has no marker to verify')
    assert.equal(await readPidRecord(path.join(directory, 'missing.pid')), undefined)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
  assert.equal(parsePidRecord('{"pid":1,"marker":"x"}'), undefined, 'pid 1 is init, never ours')
  assert.equal(parsePidRecord('{"pid":12.5,"marker":"x"}'), undefined)
  assert.equal(parsePidRecord('{"pid":12,"marker":""}'), undefined)
  assert.equal(parsePidRecord('not json'), undefined)
})

test('command lines are matched on the marker across NUL-separated arguments', () => {
  const raw = ['java', '-Xmx1g', '-cp', '/c/libs/*', 'kafka.Kafka', '/home/a b/.sluice/config/kafka/server.properties', ''].join('\0')
  assert.equal(commandLineMatches(raw, '/home/a b/.sluice/config/kafka/server.properties'), true)
  assert.equal(commandLineMatches(raw, '/home/other/.sluice/config/kafka/server.properties'), false)
})

test('zombie processes count as gone, whatever their name holds', () => {
  assert.equal(isZombieStat('123 (java) S 1 123 123 0 -1'), false)
  assert.equal(isZombieStat('123 (java) Z 1 123 123 0 -1'), true)
  assert.equal(isZombieStat('123 (we) Z ird) R 1 2 3'), false)
})

test('a live process is ours only when its command line carries the marker', async () => {
  const marker = `sluice-pid-test-${process.pid}`
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)', marker], { stdio: 'ignore' })
  try {
    await new Promise((resolve) => child.once('spawn', resolve))
    const pid = child.pid as number
    assert.equal(await isRecordedProcessRunning({ pid, marker, startedAt: '' }), true)
    assert.equal(await isRecordedProcessRunning({ pid, marker: 'some-other-home', startedAt: '' }), false)
  } finally {
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  assert.equal(await isRecordedProcessRunning({ pid: child.pid as number, marker, startedAt: '' }), false)
})
