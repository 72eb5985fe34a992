// The typed parsers behind every setting: units, bounds, and a short reason on bad input (which
// loadConfig prefixes with the variable's name; test/unit/lib/config/index.test.ts checks that part).
import assert from 'node:assert/strict'
import os from 'node:os'
import { test } from 'node:test'
import * as parse from '../../../../lib/config/parsers.ts'

test('durations take ms, s, m and h; a bare number is milliseconds', () => {
  const duration = parse.duration(0, 7 * 86_400_000)
  assert.equal(duration('500ms'), 500)
  assert.equal(duration('30s'), 30_000)
  assert.equal(duration('1.5s'), 1500)
  assert.equal(duration('2m'), 120_000)
  assert.equal(duration('168h'), 604_800_000)
  assert.equal(duration('250'), 250)
  assert.equal(duration(' 10 s '), 10_000)
  for (const bad of ['soon', '', '-1s', 's', '1 minute']) assert.throws(() => duration(bad), /must be a duration such as 30s/, bad)
  assert.throws(() => parse.duration(1000, 60_000)('500ms'), /between 1000 ms and 60000 ms/)
  assert.throws(() => parse.duration(1000, 60_000)('2m'), /between 1000 ms and 60000 ms/)
})

test('sizes take B, KB, MB, GB and KiB, MiB, GiB in any case; a bare number is bytes', () => {
  const bytes = parse.bytes(1, 5 * 1024 ** 3)
  assert.equal(bytes('52428800'), 52_428_800)
  assert.equal(bytes('50MiB'), 50 * 1024 ** 2)
  assert.equal(bytes('10MB'), 10_000_000)
  assert.equal(bytes('1.5KiB'), 1536)
  assert.equal(bytes('2gib'), 2 * 1024 ** 3)
  assert.equal(bytes('100 kb'), 100_000)
  assert.equal(bytes('7b'), 7)
  for (const bad of ['big', '10XB', '', 'MiB']) assert.throws(() => bytes(bad), /must be a size such as 50MiB/, bad)
  assert.throws(() => bytes('0'), /between 1 and/)
  assert.throws(() => bytes('6GiB'), /between 1 and/)
})

test('integers are whole numbers within their bounds; ports are 1 to 65535', () => {
  assert.equal(parse.integer(1, 10)('7'), 7)
  assert.equal(parse.integer(-5, 5)(' -3 '), -3)
  for (const bad of ['1.5', 'seven', '', '1e3']) assert.throws(() => parse.integer(1, 10_000)(bad), /must be an integer/, bad)
  assert.throws(() => parse.integer(1, 10)('11'), /between 1 and 10/)
  assert.equal(parse.port('8080'), 8080)
  assert.throws(() => parse.port('0'))
  assert.throws(() => parse.port('65536'))
})

test('booleans, URLs, lists and host:port pairs', () => {
  for (const yes of ['1', 'true', 'YES', 'on']) assert.equal(parse.boolean(yes), true, yes)
  for (const no of ['0', 'false', 'No', 'off']) assert.equal(parse.boolean(no), false, no)
  assert.throws(() => parse.boolean('maybe'), /true or false/)
  assert.equal(parse.url('http://127.0.0.1:8123/'), 'http://127.0.0.1:8123', 'trailing slashes dropped')
  assert.throws(() => parse.url('ftp://example.com'), /http\(s\) URL/)
  assert.throws(() => parse.url('not a url'), /must be a URL/)
  assert.deepEqual(parse.list(parse.hostPort)(' a:1, b.example:9092 ,,[::1]:3 '), ['a:1', 'b.example:9092', '[::1]:3'])
  for (const bad of ['no-port', 'host:0', 'host:70000', 'a b:1']) assert.throws(() => parse.hostPort(bad), /host:port/, bad)
})

test('names that end up in URLs and SQL accept only a safe alphabet', () => {
  assert.equal(parse.topicName('documents.received_v2-x'), 'documents.received_v2-x')
  for (const bad of ['a b', 'a/b', '', 'x'.repeat(201)]) assert.throws(() => parse.topicName(bad), /letters, digits/, JSON.stringify(bad))
  assert.equal(parse.bucketName('sluice-inbox.2'), 'sluice-inbox.2')
  for (const bad of ['Upper_Case', 'ab', '-start', 'end-', 'a'.repeat(64)]) assert.throws(() => parse.bucketName(bad), /bucket name/, bad)
  assert.equal(parse.identifier('it_sink_1'), 'it_sink_1')
  for (const bad of ['1abc', 'x; DROP TABLE y', 'a-b', 'a'.repeat(65)]) assert.throws(() => parse.identifier(bad), /identifier/, bad)
  assert.throws(() => parse.nonEmpty('  '), /must not be empty/)
  assert.equal(parse.string(''), '')
})

test('a path starting with ~/ is under the home directory; others are kept', () => {
  assert.equal(parse.path('~/.sluice'), `${os.homedir()}/.sluice`)
  assert.equal(parse.path('/var/lib/sluice'), '/var/lib/sluice')
  assert.equal(parse.path('relative/~/x'), 'relative/~/x')
})

test('one duration grammar: compound parts and d/w units too, largest unit first', () => {
  const cases: Array<[string, number]> = [['1h30m', 5_400_000], ['7d', 604_800_000], ['2w', 1_209_600_000], ['1m30s500ms', 90_500], ['1.5h', 5_400_000]]
  for (const [text, ms] of cases) assert.equal(parse.parseDurationMs(text), ms, text)
  for (const bad of ['30m1h', '1h1h', '1h 30m', '1e3s', 'P1D', '1h;DROP', '1s2s3s4ms5ms']) assert.throws(() => parse.parseDurationMs(bad), Error, bad)
})

test('the strict duration form (text from callers, e.g. stats windows) takes whole parts only, no spaces, no bare number', () => {
  assert.equal(parse.parseDurationMs('1h30m', { wholeParts: true }), 5_400_000)
  for (const bad of ['1.5h', '250', ' 1h', '1 h', '1234567s']) assert.throws(() => parse.parseDurationMs(bad, { wholeParts: true }), Error, bad)
})
