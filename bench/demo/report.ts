// The demo's closing report: what was sent, what ClickHouse accounts for, the analytics of the
// run's window, where the redacted outputs are, and the privacy check. Returns whether the
// run passed, so the command can exit non-zero when something is missing, wrong or leaked.
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import type { Config } from '../../lib/config/index.ts'
import { collectStats } from '../../lib/analytics/stats.ts'
import { formatStats } from '../../lib/analytics/format.ts'
import type { DemoResult } from './run-demo.ts'

export async function printDemoReport (config: Config, result: DemoResult, write: (text: string) => void): Promise<boolean> {
  const lines: string[] = []
  const processed = result.outcomes.filter((outcome) => outcome.status === 'processed').length
  const failed = result.outcomes.length - processed
  lines.push('', `Sluice demo ${result.runId}: finished in ${(result.elapsedMs / 1000).toFixed(1)} s`, '')
  lines.push(`Sent ${result.sent} documents: ${result.byDoor.api} by HTTP upload, ${result.byDoor.bucket} by bucket drop, ${result.byDoor.topic} by topic publish` +
    (result.sendFailures > 0 ? ` (${result.sendFailures} could not be sent)` : ''))
  lines.push(`Accounted for in ClickHouse: ${result.outcomes.length}/${result.sent} (${processed} processed, ${failed} failed)`)
  if (result.missing.length > 0) {
    const byDoor = countBy(result.missing.map((entry) => entry.door))
    lines.push(`MISSING: ${result.missing.length} documents never reached ClickHouse (${Object.entries(byDoor).map(([door, count]) => `${door} ${count}`).join(', ')}), e.g.:`)
    for (const entry of result.missing.slice(0, 5)) lines.push(`  ${entry.door.padEnd(6)} ${entry.documentId} ${entry.name}`)
    lines.push(`  Look them up in the service log: ${result.logFile}`)
  }
  for (const entry of result.unexpected) lines.push(`UNEXPECTED: ${entry.name} ended as ${entry.actual}, expected ${entry.expected}`)

  const clickhouse = createClickHouse(clickHouseOptions(config))
  try {
    const stats = await collectStats(clickhouse, config.clickhouse.database, { fromMs: Math.floor(result.windowMs.from / 1000) * 1000, toMs: Math.ceil((result.windowMs.to + 1) / 1000) * 1000 })
    lines.push('', formatStats(stats).trimEnd())
  } finally {
    await clickhouse.close()
  }

  lines.push('', `Redacted outputs: s3://${result.outputs.bucket}/${result.outputs.prefix} (${config.s3.endpoint})`)
  if (result.outputs.exampleKey !== undefined) lines.push(`  e.g. s3://${result.outputs.bucket}/${result.outputs.exampleKey}`)

  const privacy = result.privacy
  lines.push('', `Privacy check: ${privacy.valuesChecked} planted values searched in ${privacy.objectsChecked} output objects of ${privacy.documentsChecked} documents: ` +
    (privacy.leaks.length === 0 ? 'none found' : `${privacy.leaks.length} FOUND`))
  lines.push('  ' + Object.entries(privacy.byType).sort(([a], [b]) => a.localeCompare(b)).map(([type, counts]) => `${type} ${counts.checked}${counts.leaked > 0 ? ` (${counts.leaked} found)` : ''}`).join(', '))
  for (const leak of privacy.leaks.slice(0, 10)) lines.push(`  LEAK: ${leak.type} in s3://${result.outputs.bucket}/${leak.key}`)

  const ok = result.missing.length === 0 && result.unexpected.length === 0 && privacy.leaks.length === 0 &&
    result.sendFailures === 0 && privacy.documentsChecked === processed && processed > 0
  lines.push('', ok
    ? 'Result: OK: every document accounted for, broken files failed with the expected reasons, no planted value in any output.'
    : 'Result: FAILED (see above).', '')
  write(lines.join('\n'))
  return ok
}

function countBy (values: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
