// The one duration grammar behind settings, CLI options and stats windows.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { duration, parseDurationMs } from '../../../lib/config/parsers.ts'

test('settings and options: single or compound parts, fractions, a bare number is milliseconds', () => {
  const cases: Array<[string, number]> = [['30s', 30_000], ['500ms', 500], ['2m', 120_000], ['168h', 604_800_000], ['1.5h', 5_400_000], ['1h30m', 5_400_000], ['7d', 604_800_000], ['250', 250], [' 30 s ', 30_000], ['1m30s500ms', 90_500]]
  for (const [text, ms] of cases) assert.equal(parseDurationMs(text), ms, text)
})

test('the strict form (text from callers) takes whole parts only, no spaces, no bare number', () => {
  assert.equal(parseDurationMs('1h30m', { wholeParts: true }), 5_400_000)
  for (const bad of ['1.5h', '250', ' 1h', '1 h', '1234567s']) assert.throws(() => parseDurationMs(bad, { wholeParts: true }), Error, bad)
})

test('malformed durations are refused in both forms', () => {
  for (const bad of ['', 'h', '1x', '-1h', '30m1h', '1h1h', '1h 30m', '1e3s', 'P1D', '1h;DROP', '1s2s3s4ms5ms']) {
    assert.throws(() => parseDurationMs(bad), Error, bad)
  }
})

test('a duration setting checks its range', () => {
  assert.equal(duration(100, 60_000)('30s'), 30_000)
  assert.throws(() => duration(100, 60_000)('2m'), /between 100 ms and 60000 ms/)
})
