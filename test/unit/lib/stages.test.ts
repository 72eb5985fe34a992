// The stage list lives in lib/stages.ts; the ClickHouse migrations carry copies of it (Enum8
// types and the arrays that unfold a row's *_ms columns into stages) that can never be edited
// again. Every copy must equal the list, value for value and in order.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'node:test'
import { stageColumn, stages } from '../../../lib/stages.ts'
import { repositoryPath } from '../../support/repository.ts'

const migrations = repositoryPath('schemas/clickhouse/migrations')
const files = (await readdir(migrations)).filter((file) => file.endsWith('.sql')).sort()
const sql = await Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(migrations, file), 'utf8') })))

test('every stage Enum8 in the migrations is the stage list, numbered from 1', () => {
  const expected = `Enum8(${stages.map((stage, index) => `'${stage}' = ${index + 1}`).join(', ')})`
  let found = 0
  for (const { file, text } of sql) {
    for (const match of text.matchAll(/Enum8\(([^)]*'queue'[^)]*)\)/g)) {
      found++
      assert.equal(match[0], expected, file)
    }
  }
  assert.ok(found >= 6, `found ${found} stage enums`)
})

test('the arrays that unfold stage columns name the stages and their columns in the same order', () => {
  const names = `[${stages.map((stage) => `'${stage}'`).join(', ')}] AS stage_name`
  const columns = `[${stages.map(stageColumn).join(', ')}] AS stage_duration_ms`
  let found = 0
  for (const { file, text } of sql) {
    for (const match of text.matchAll(/\[[^\]]*'queue'[^\]]*\] AS stage_name/g)) {
      found++
      assert.equal(match[0], names, file)
    }
    for (const match of text.matchAll(/\[queue_ms[^\]]*\] AS stage_duration_ms/g)) assert.equal(match[0], columns, file)
  }
  assert.ok(found >= 3, `found ${found} stage arrays`)
})
