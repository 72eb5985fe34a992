// `sluice migrate`: applies the ClickHouse migrations to the configured database. The sink
// runs the same migrations at start-up; this command is for operators and CI.
import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { listMigrations, migrate } from '../../lib/clickhouse/migrate.ts'
import { SluiceError, isSluiceError } from '../../lib/errors.ts'
import { sqlIdentifier } from '../../lib/clickhouse/sql.ts'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Create or update the ClickHouse tables and rollups (idempotent)',
  usage: 'sluice migrate [--database NAME] [--list]',
  details: 'Applies schemas/clickhouse/migrations/NNN_name.sql that are not yet recorded in <database>.schema_migrations.\nThe database defaults to SLUICE_CLICKHOUSE_DATABASE. See docs/analytics.md.',
  options: {
    database: { type: 'string', description: 'Database to migrate', default: 'SLUICE_CLICKHOUSE_DATABASE' },
    list: { type: 'boolean', description: 'Only list the migrations in this build' }
  },
  run: async ({ values }) => {
    const config = loadConfig()
    const migrations = await listMigrations()
    if (values.list === true) {
      process.stdout.write(migrations.map((migration) => `${String(migration.version).padStart(3, '0')}_${migration.name}`).join('\n') + '\n')
      return exitCodes.ok
    }
    const database = usageChecked(() => sqlIdentifier(typeof values.database === 'string' ? values.database : config.clickhouse.database))
    const clickhouse = createClickHouse(clickHouseOptions(config))
    try {
      const result = await migrate(clickhouse, database, migrations)
      for (const migration of result.applied) process.stdout.write(`applied ${String(migration.version).padStart(3, '0')}_${migration.name}\n`)
      process.stdout.write(`${database}: ${result.applied.length} applied, ${result.alreadyApplied} already applied\n`)
      return exitCodes.ok
    } finally {
      await clickhouse.close()
    }
  }
}

function usageChecked<T> (check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (isSluiceError(error, 'SQL_VALUE_INVALID')) throw new SluiceError('USAGE', `--database: ${error.message}`, { hint: error.hint })
    throw error
  }
}
