import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { listMigrations, migrate, splitStatements } from '../../../../lib/clickhouse/migrate.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { chdbEngine, serverEngine, uniqueDatabase, type Engine } from '../../../support/clickhouse.ts'

const expectedTables = [
  'dead_letters', 'document_outcomes', 'document_stages', 'document_stages_mv',
  'outcomes_per_minute', 'outcomes_per_minute_mv', 'outcomes_per_second', 'outcomes_per_second_mv',
  'pii_findings_per_second', 'pii_findings_per_second_mv', 'schema_migrations',
  'stage_latency_per_minute', 'stage_latency_per_minute_mv', 'stage_latency_per_second', 'stage_latency_per_second_mv'
]

test('statements split at a semicolon ending a line; comment lines are dropped', () => {
  assert.deepEqual(splitStatements('-- note; not a statement\nCREATE TABLE a (x String);\n\nCREATE VIEW b AS SELECT \';\' AS s;  \n'), [
    'CREATE TABLE a (x String)',
    'CREATE VIEW b AS SELECT \';\' AS s'
  ])
})

test('migration files are numbered, unique and each holds at least one statement', async () => {
  const migrations = await listMigrations()
  assert.ok(migrations.length >= 4)
  assert.deepEqual(migrations.map((migration) => migration.version), [...migrations.map((migration) => migration.version)].sort((a, b) => a - b))
  for (const migration of migrations) {
    assert.ok(migration.statements.length > 0, `${migration.name} has statements`)
    // Rebuilding a rollup (drop, create, refill from document_outcomes) is idempotent too: its
    // states collapse a refilled row that the new view also wrote (see 005_exact_rollup_sums.sql).
    for (const statement of migration.statements) assert.match(statement, /^(CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS|DROP TABLE IF EXISTS|INSERT INTO) \{\{database\}\}\./, 'every statement is idempotent and names the database placeholder')
  }
})

for (const makeEngine of [serverEngine, async () => chdbEngine()]) {
  describe(`migrations on ${makeEngine === serverEngine ? 'ClickHouse 18.16' : 'chdb'}`, () => {
    let engine: Engine
    const db = uniqueDatabase('sluice_migrate')
    before(async () => { engine = await makeEngine() })
    after(async () => {
      await engine.clickhouse.exec(`DROP DATABASE IF EXISTS ${db}`)
      await engine.dispose()
    })

    test('every migration applies, is recorded, and a second run applies nothing', async () => {
      const migrations = await listMigrations()
      const first = await migrate(engine.clickhouse, db)
      assert.deepEqual(first.applied.map((migration) => migration.version), migrations.map((migration) => migration.version))
      const tables = await engine.clickhouse.select<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${db}' ORDER BY name`)
      assert.deepEqual(tables.map((table) => table.name), expectedTables)
      const second = await migrate(engine.clickhouse, db)
      assert.equal(second.applied.length, 0)
      assert.equal(second.alreadyApplied, migrations.length)
      const recorded = await engine.clickhouse.select<{ n: string | number }>(`SELECT count() AS n FROM ${db}.schema_migrations`)
      assert.equal(Number(recorded[0]?.n), migrations.length)
    })

    test('a migration edited after it was applied is refused', async () => {
      const migrations = await listMigrations()
      const edited = migrations.map((migration, index) => index === 0 ? { ...migration, checksum: 'edited' } : migration)
      await assert.rejects(migrate(engine.clickhouse, db, edited), (error: unknown) => isSluiceError(error, 'INTERNAL') && /changed after it was applied/.test(error.message))
    })

    test('a hostile database name never reaches SQL', async () => {
      await assert.rejects(migrate(engine.clickhouse, 'x; DROP DATABASE system'), (error: unknown) => isSluiceError(error, 'SQL_VALUE_INVALID'))
    })
  })
}
