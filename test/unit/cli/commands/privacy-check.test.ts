import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isSluiceError } from '../../../../lib/errors.ts'
import { parseSince } from '../../../../cli/commands/privacy-check.ts'

test('--since takes an age or an ISO time and refuses anything else', () => {
  const now = Date.parse('2026-12-02T12:00:00Z')
  assert.equal(parseSince('30m', now), now - 30 * 60_000)
  assert.equal(parseSince('2h', now), now - 2 * 3_600_000)
  assert.equal(parseSince('1d', now), now - 86_400_000)
  assert.equal(parseSince('2026-12-02T11:00:00Z', now), now - 3_600_000)
  assert.throws(() => parseSince('yesterday', now), (error) => isSluiceError(error, 'USAGE'))
})
