import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServices } from '../../../../infra/run-all/supervisor.ts'
import { waitFor } from '../../../support/wait.ts'

// A real child program: logs a JSON line, then behaves as its first argument says.
const childProgram = `
const [mode, name] = process.argv.slice(2)
process.stderr.write(JSON.stringify({ level: 30, msg: 'started ' + name }) + '\\n')
if (mode === 'crash') setTimeout(() => process.exit(7), 50)
if (mode === 'graceful') process.on('SIGTERM', () => { process.stdout.write('draining ' + name + '\\n'); setTimeout(() => process.exit(0), 100) })
if (mode === 'stubborn') process.on('SIGTERM', () => {})
setInterval(() => {}, 1000)
`

async function withProgram (run: (program: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-supervisor-'))
  try {
    const program = join(dir, 'child.mjs')
    await writeFile(program, childProgram)
    await run(program)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test('services stop in rank order and their lines reach the callback with the service name', async () => {
  await withProgram(async (program) => {
    const events: string[] = []
    const group = startServices([
      { name: 'sink', args: ['graceful', 'sink'], stopRank: 2 },
      { name: 'api', args: ['graceful', 'api'], stopRank: 0 }
    ], { program, onLine: (service, line) => events.push(`${service}: ${line}`) })
    await waitFor(() => events.filter((event) => event.includes('started')).length === 2, { what: 'both services to start', timeoutMs: 5000, intervalMs: 20 })
    const exits = await group.stop(5000)
    assert.deepEqual(exits.map((exit) => [exit.name, exit.code]), [['sink', 0], ['api', 0]])
    const drained = events.filter((event) => event.includes('draining'))
    assert.deepEqual(drained, ['api: draining api', 'sink: draining sink'], 'the API stops before the sink')
  })
})

test('a service that dies on its own is reported, with its exit code', async () => {
  await withProgram(async (program) => {
    const group = startServices([
      { name: 'steady', args: ['graceful', 'steady'], stopRank: 0 },
      { name: 'fragile', args: ['crash', 'fragile'], stopRank: 0 }
    ], { program, onLine: () => {} })
    const exit = await group.firstUnexpectedExit
    assert.deepEqual(exit, { name: 'fragile', code: 7, signal: null })
    await group.stop(5000)
  })
})

test('a service that ignores SIGTERM is killed after the grace period', async () => {
  await withProgram(async (program) => {
    const lines: string[] = []
    const group = startServices([{ name: 'stubborn', args: ['stubborn', 'stubborn'], stopRank: 0 }], { program, onLine: (_, line) => lines.push(line) })
    await waitFor(() => lines.length > 0, { what: 'a line of output', timeoutMs: 5000, intervalMs: 20 })
    const started = Date.now()
    const [exit] = await group.stop(300)
    assert.equal(exit?.signal, 'SIGKILL')
    assert.ok(Date.now() - started < 3000)
  })
})
