// Every table of the configured ClickHouse database (views hold no rows of their own; their
// target tables are tables), read page by page, each row's values searched together.
import type { ClickHouse } from '../clickhouse/client.ts'
import { sqlIdentifier, sqlString } from '../clickhouse/sql.ts'
import type { Matcher } from './matcher.ts'
import type { ReportBuilder } from './report.ts'
import { stringsOf } from './scan-topics.ts'

export interface ClickHouseScanContext {
  clickhouse: ClickHouse
  database: string
  matcher: Matcher
  report: ReportBuilder
  progress: (line: string) => void
}

const pageRows = 5000

export async function scanClickHouse (context: ClickHouseScanContext): Promise<void> {
  const { clickhouse, matcher, report } = context
  const place = `clickhouse ${context.database}`
  report.place(place, 'rows')
  const db = sqlIdentifier(context.database)
  const tables = await clickhouse.select<{ name: string, engine: string }>(`SELECT name, engine FROM system.tables WHERE database = ${sqlString(context.database)} ORDER BY name`)
  for (const table of tables) {
    if (table.engine.endsWith('View')) continue
    let identifier: string
    try {
      identifier = sqlIdentifier(table.name)
    } catch {
      report.incomplete(place, 'rows', `table name ${JSON.stringify(table.name)} cannot be queried safely`)
      continue
    }
    // Pages in a fixed order, so a merge between two pages cannot skip or repeat rows.
    // Aggregate states and arrays cannot be sorted by; every other column takes part.
    const columns = await clickhouse.select<{ name: string, type: string }>(`SELECT name, type FROM system.columns WHERE database = ${sqlString(context.database)} AND table = ${sqlString(table.name)} ORDER BY name`)
    const sortable = columns.filter((column) => !/^(AggregateFunction|Array|Nested)/.test(column.type))
    const order = sortable.length === 0 ? '' : ` ORDER BY ${sortable.map((column) => sqlIdentifier(column.name)).join(', ')}`
    for (let offset = 0; ; offset += pageRows) {
      const rows = await clickhouse.select(`SELECT * FROM ${db}.${identifier}${order} LIMIT ${pageRows} OFFSET ${offset}`)
      rows.forEach((row, index) => {
        report.scanned(place, 'rows')
        const label = typeof row.document_id === 'string' && row.document_id !== '' ? `document_id ${row.document_id}` : `row ${offset + index}`
        report.matches(place, 'rows', `${table.name} ${label}`, matcher.find(stringsOf(row).join('\n')))
      })
      if (rows.length < pageRows) break
      context.progress(`${place}.${table.name}: ${offset + rows.length} rows read`)
    }
  }
}
