import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseStatsRequest } from '../../../../lib/analytics/options.ts'
import { parseDuration, parseInstant, resolveWindow } from '../../../../lib/analytics/window.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

const now = Date.UTC(2026, 10, 29, 12, 0, 0, 400)

function usageError (error: unknown): boolean {
  return isSluiceError(error, 'USAGE')
}

test('durations: units s, m, h, d, w, combined largest first', () => {
  assert.equal(parseDuration('30s'), 30_000)
  assert.equal(parseDuration('15m'), 900_000)
  assert.equal(parseDuration('1h30m'), 5_400_000)
  assert.equal(parseDuration('7d'), 604_800_000)
  assert.equal(parseDuration('2w'), 1_209_600_000)
})

test('bad durations are refused: hostile text, huge numbers, zero, wrong order', () => {
  for (const bad of ['', '1', '1x', '-1h', '1.5h', '1h;DROP TABLE x', '1h --', "1h'", '1h 30m', '0s', '500ms', '9999999h', '367d', '30m1h', '1h1h', '1e3s', 'P1D', '１h']) {
    assert.throws(() => parseDuration(bad), usageError, bad)
  }
})

test('instants: ISO with zone, bare dates (UTC), epoch seconds or milliseconds', () => {
  assert.equal(parseInstant('2026-11-29T12:00:00Z'), Date.UTC(2026, 10, 29, 12))
  assert.equal(parseInstant('2026-11-29T13:00:00+01:00'), Date.UTC(2026, 10, 29, 12))
  assert.equal(parseInstant('2026-11-29 12:00Z'), Date.UTC(2026, 10, 29, 12))
  assert.equal(parseInstant('2026-11-29'), Date.UTC(2026, 10, 29))
  assert.equal(parseInstant('1764417600'), 1_764_417_600_000)
  assert.equal(parseInstant('1764417600123'), 1_764_417_600_123)
})

test('bad instants are refused: no zone, impossible dates, out of range, injection attempts', () => {
  for (const bad of ['2026-11-29T12:00:00', '2026-13-01', '2026-02-30T00:00:00Z', '1999-12-31', '2101-01-01', '99999999999999999999', '0', "2026-11-29'; DROP TABLE x --", 'now', 'yesterday', '2026-11-29T12:00:00Z OR 1=1']) {
    assert.throws(() => parseInstant(bad), usageError, bad)
  }
})

test('windows: --since ends now, rounded out to whole seconds; default is the last hour', () => {
  assert.deepEqual(resolveWindow({ since: '15m' }, now), { fromMs: Date.UTC(2026, 10, 29, 11, 45, 0), toMs: Date.UTC(2026, 10, 29, 12, 0, 1) })
  assert.deepEqual(resolveWindow({}, now), { fromMs: Date.UTC(2026, 10, 29, 11, 0, 0), toMs: Date.UTC(2026, 10, 29, 12, 0, 1) })
  assert.deepEqual(resolveWindow({ from: '2026-11-29T10:00:00Z', to: '2026-11-29T11:00:00Z' }, now), { fromMs: Date.UTC(2026, 10, 29, 10), toMs: Date.UTC(2026, 10, 29, 11) })
  assert.deepEqual(resolveWindow({ from: '2026-11-29T10:00:00Z' }, now).toMs, Date.UTC(2026, 10, 29, 12, 0, 1))
})

test('windows: contradictory or empty windows are refused', () => {
  for (const bad of [{ since: '1h', from: '2026-11-29' }, { to: '2026-11-29' }, { from: '2026-11-29T11:00:00Z', to: '2026-11-29T10:00:00Z' }, { from: '2026-11-29T11:00:00Z', to: '2026-11-29T11:00:00Z' }, { from: '2024-01-01', to: '2026-01-01' }]) {
    assert.throws(() => resolveWindow(bad, now), usageError, JSON.stringify(bad))
  }
})

test('request options: repeated or oversized values and bad --slowest are refused', () => {
  assert.equal(parseStatsRequest({ slowest: '25' }, now).slowest, 25)
  assert.equal(parseStatsRequest({}, now).slowest, 10)
  for (const bad of [{ since: ['1h', '2h'] }, { since: 'x'.repeat(65) }, { slowest: '1001' }, { slowest: '-1' }, { slowest: '5;--' }, { slowest: '1e3' }, { from: 12 }]) {
    assert.throws(() => parseStatsRequest(bad, now), usageError, JSON.stringify(bad))
  }
})
