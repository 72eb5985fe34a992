import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createLineSplitter, formatLogLine } from '../../../../infra/run-all/log-lines.ts'

const plain = { nameWidth: 9, color: false }

test('a pino line becomes service, time, level, message and the extra fields', () => {
  const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5, 678), pid: 1, hostname: 'h', name: 'sluice-api', component: 'api', msg: 'slow upload', documentId: 'd-1', ms: 812 })
  assert.equal(formatLogLine('api', line, plain), 'api       | 03:04:05.678 WARN  slow upload documentId=d-1 ms=812')
})

test('values with spaces are quoted, objects are compact JSON and long values are cut', () => {
  const line = JSON.stringify({ level: 30, msg: 'x', note: 'two words', req: { method: 'POST' }, blob: 'a'.repeat(500) })
  const formatted = formatLogLine('sink', line, plain)
  assert.match(formatted, /note="two words"/)
  assert.match(formatted, /req=\{"method":"POST"\}/)
  assert.ok(formatted.length < 300, 'a long value is truncated')
  assert.match(formatted, /…$/)
})

test('an error stack is printed indented on its own lines', () => {
  const line = JSON.stringify({ level: 50, msg: 'failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } })
  assert.match(formatLogLine('processor', line, plain), /ERROR failed err=\n {4}Error: boom\n {8}at x/)
})

test('lines that are not JSON objects are passed through with the prefix', () => {
  assert.equal(formatLogLine('bridge', 'plain text {', plain), 'bridge    | plain text {')
  assert.equal(formatLogLine('bridge', '{not json', plain), 'bridge    | {not json')
  assert.equal(formatLogLine('bridge', '[1,2]', plain), 'bridge    | [1,2]')
})

test('colours are ANSI codes only when asked for', () => {
  const line = JSON.stringify({ level: 50, msg: 'm' })
  assert.ok(!formatLogLine('api', line, plain).includes('\u001b'))
  assert.ok(formatLogLine('api', line, { nameWidth: 3, color: true, colorIndex: 1 }).includes('\u001b[31mERROR'))
})

test('the splitter joins chunks that end mid-line and flushes the tail', () => {
  const lines: string[] = []
  const splitter = createLineSplitter((line) => lines.push(line))
  splitter.push('first li')
  splitter.push(Buffer.from('ne\r\nsecond\n\nthi'))
  assert.deepEqual(lines, ['first line', 'second'])
  splitter.push('rd')
  splitter.flush()
  assert.deepEqual(lines, ['first line', 'second', 'third'])
})
