import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isSluiceError } from '../../../../lib/errors.ts'
import { sqlDateTime, sqlIdentifier, sqlInteger, sqlString, sqlStringList, withDatabase } from '../../../../lib/clickhouse/sql.ts'
import { chdbEngine, serverEngine, uniqueDatabase, type Engine } from '../../../support/clickhouse.ts'

const hostileStrings = [
  'plain',
  '',
  'it\'s',
  '\'; DROP TABLE victims; --',
  '\\\'; DROP TABLE victims; --',
  'back\\slash\\',
  'trailing backslash \\',
  '/* comment */ x',
  '-- line comment',
  'semi;colon;',
  '"double" `back`',
  'new\nline\r\ttab',
  '\u0001\u001f\u007f control',
  'ünïcödé 日本語 🙂',
  '{x:String}',
  '\\x27 \\N \\0',
  'a\'\'b',
  "' OR 1=1 FORMAT TSV --"
]

function rejects (action: () => unknown): void {
  assert.throws(action, (error: unknown) => isSluiceError(error, 'SQL_VALUE_INVALID'))
}

test('identifiers: only plain ASCII words pass', () => {
  assert.equal(sqlIdentifier('sluice_test_1'), 'sluice_test_1')
  for (const bad of ['', '1abc', 'a-b', 'a.b', 'a b', 'a;DROP', 'a`b', 'x'.repeat(64), 'db--', 'ünï', '"x"', null, 7]) rejects(() => sqlIdentifier(bad))
})

test('integers: whole, finite and within the stated bounds', () => {
  assert.equal(sqlInteger(42, 0, 100), '42')
  assert.equal(sqlInteger(-5, -10, 10), '-5')
  for (const bad of [1.5, Number.NaN, Infinity, -Infinity, 101, -1, 2 ** 53, 1e300, '42', '1; DROP', null]) rejects(() => sqlInteger(bad, 0, 100))
})

test('times: epoch milliseconds between 2000 and 2100 become toDateTime(seconds)', () => {
  assert.equal(sqlDateTime(1_700_000_000_999), 'toDateTime(1700000000)')
  for (const bad of [0, -1, 1.5e12 + 0.5, 5e12, Number.NaN, '1700000000000', 9e15]) rejects(() => sqlDateTime(bad))
})

test('strings: quotes, backslashes and control characters are escaped; NUL and non-strings are refused', () => {
  assert.equal(sqlString('it\'s'), "'it\\'s'")
  assert.equal(sqlString('a\\b'), "'a\\\\b'")
  assert.equal(sqlString('a\nb'), "'a\\x0ab'")
  rejects(() => sqlString('a\0b'))
  rejects(() => sqlString(5))
  rejects(() => sqlStringList([]))
  assert.equal(sqlStringList(['a', 'b\'']), "'a', 'b\\''")
})

test('withDatabase fills only a valid database name', () => {
  assert.equal(withDatabase('SELECT * FROM {{database}}.t', 'db1'), 'SELECT * FROM db1.t')
  rejects(() => withDatabase('SELECT * FROM {{database}}.t', 'db1; DROP DATABASE x'))
})

for (const makeEngine of [serverEngine, async () => chdbEngine()]) {
  describe(`hostile strings on a real engine (${makeEngine === serverEngine ? 'ClickHouse 18.16' : 'chdb'})`, () => {
    let engine: Engine
    const db = uniqueDatabase('sluice_sql')
    before(async () => {
      engine = await makeEngine()
      await engine.clickhouse.exec(`CREATE DATABASE ${sqlIdentifier(db)}`)
      await engine.clickhouse.exec(`CREATE TABLE ${db}.victims (name String) ENGINE = MergeTree() ORDER BY name`)
      await engine.clickhouse.insert(`${db}.victims`, hostileStrings.map((name) => ({ name })))
    })
    after(async () => {
      await engine.clickhouse.exec(`DROP DATABASE IF EXISTS ${db}`)
      await engine.dispose()
    })

    test('every hostile string round-trips unchanged as a literal', async () => {
      for (const value of hostileStrings) {
        const rows = await engine.clickhouse.select<{ value: string }>(`SELECT ${sqlString(value)} AS value`)
        assert.deepEqual(rows, [{ value }], `literal for ${JSON.stringify(value)}`)
      }
    })

    test('a hostile string in WHERE matches exactly its own row and runs no extra statement', async () => {
      for (const value of hostileStrings) {
        const rows = await engine.clickhouse.select<{ n: string | number }>(`SELECT count() AS n FROM ${db}.victims WHERE name = ${sqlString(value)}`)
        assert.equal(Number(rows[0]?.n), 1, `row for ${JSON.stringify(value)}`)
      }
      const all = await engine.clickhouse.select<{ n: string | number }>(`SELECT count() AS n FROM ${db}.victims WHERE name IN (${sqlStringList(hostileStrings)})`)
      assert.equal(Number(all[0]?.n), hostileStrings.length)
    })
  })
}
