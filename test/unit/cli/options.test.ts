import assert from 'node:assert/strict'
import { test } from 'node:test'
import { integerOption, optionValue } from '../../../cli/options.ts'
import { duration } from '../../../lib/config/parsers.ts'
import { isSluiceError } from '../../../lib/errors.ts'

const usage = (pattern: RegExp) => (error: unknown): boolean => isSluiceError(error, 'USAGE') && pattern.test(error.message)

test('integer options: absent is undefined, whole numbers within bounds, one wording for bad values', () => {
  assert.equal(integerOption('workers', undefined, 1, 256), undefined)
  assert.equal(integerOption('workers', '8', 1, 256), 8)
  assert.equal(integerOption('lines', '0', 0), 0)
  for (const bad of ['0', '257', '1.5', '-1', 'four', '', '1e2']) {
    assert.throws(() => integerOption('workers', bad, 1, 256), usage(/^--workers must be a whole number from 1 to 256, got "/), bad)
  }
  assert.throws(() => integerOption('max-pages', '0', 1), usage(/^--max-pages must be a whole number of at least 1/))
})

test('other options go through the settings\' parsers and name the option when they refuse', () => {
  assert.equal(optionValue('timeout', '3m', duration(1000, 3_600_000)), 180_000)
  assert.equal(optionValue('timeout', undefined, duration(1000, 3_600_000)), undefined)
  assert.throws(() => optionValue('timeout', 'soon', duration(1000, 3_600_000)), usage(/^--timeout must be a duration/))
})
