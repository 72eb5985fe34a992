// Applies schemas/clickhouse/migrations/NNN_name.sql in order and records each applied version
// in <database>.schema_migrations. Every statement is idempotent (IF NOT EXISTS), so two sinks
// starting at once, or a run interrupted half-way, are safe to repeat.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { SluiceError } from '../errors.ts'
import type { ClickHouse } from './client.ts'
import { sqlIdentifier, sqlInteger, sqlString, withDatabase } from './sql.ts'

export const migrationsDir = fileURLToPath(new URL('../../schemas/clickhouse/migrations/', import.meta.url))

const fileNamePattern = /^(\d{3})_([a-z0-9_]+)\.sql$/

export interface Migration {
  version: number
  name: string
  /** sha256 of the file, to notice a migration edited after it was applied. */
  checksum: string
  statements: string[]
}

export interface MigrationResult {
  applied: Migration[]
  alreadyApplied: number
}

/** Splits a migration into statements: `--` comment lines dropped, statements end with `;` at a line end. */
export function splitStatements (sql: string): string[] {
  const withoutComments = sql.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n')
  return withoutComments.split(/;[ \t]*(?:\n|$)/).map((statement) => statement.trim()).filter((statement) => statement !== '')
}

export async function listMigrations (dir: string = migrationsDir): Promise<Migration[]> {
  const migrations: Migration[] = []
  for (const file of (await readdir(dir)).sort()) {
    if (!file.endsWith('.sql')) continue
    const match = fileNamePattern.exec(file)
    if (match === null) {
      throw new SluiceError('INTERNAL', `migration file ${file} is not named NNN_name.sql`, { hint: `Rename it in ${dir}.` })
    }
    const text = await readFile(`${dir}/${file}`, 'utf8')
    migrations.push({
      version: Number(match[1]),
      name: match[2] as string,
      checksum: createHash('sha256').update(text).digest('hex'),
      statements: splitStatements(text)
    })
  }
  const versions = migrations.map((migration) => migration.version)
  if (new Set(versions).size !== versions.length) throw new SluiceError('INTERNAL', `two migrations share a version number in ${dir}`)
  return migrations
}

export async function migrate (clickhouse: ClickHouse, database: string, migrations?: Migration[]): Promise<MigrationResult> {
  const db = sqlIdentifier(database)
  const all = migrations ?? await listMigrations()
  await clickhouse.exec(`CREATE DATABASE IF NOT EXISTS ${db}`)
  await clickhouse.exec(`CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, checksum String, applied_at DateTime) ENGINE = MergeTree() ORDER BY version`)
  const rows = await clickhouse.select<{ version: number | string, checksum: string }>(`SELECT version, any(checksum) AS checksum FROM ${db}.schema_migrations GROUP BY version`)
  const recorded = new Map(rows.map((row) => [Number(row.version), row.checksum]))
  const applied: Migration[] = []
  for (const migration of all) {
    const checksum = recorded.get(migration.version)
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new SluiceError('INTERNAL', `migration ${migration.version}_${migration.name} was changed after it was applied to ${db}`, {
          hint: 'Never edit an applied migration: add a new NNN_name.sql with the change.'
        })
      }
      continue
    }
    for (const statement of migration.statements) await clickhouse.exec(withDatabase(statement, db))
    await clickhouse.exec(`INSERT INTO ${db}.schema_migrations (version, name, checksum, applied_at) VALUES (${sqlInteger(migration.version, 0, 999)}, ${sqlString(migration.name)}, ${sqlString(migration.checksum)}, now())`)
    applied.push(migration)
  }
  return { applied, alreadyApplied: all.length - applied.length }
}
