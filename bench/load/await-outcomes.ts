// Polling ClickHouse until every document sent has a final outcome, or the time is up.
import { SingleBar, Presets } from 'cli-progress'
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import type { Sent } from './doors.ts'
import { fetchOutcomes, type Outcome } from './outcomes.ts'

export interface Accounting { outcomes: Outcome[], missing: Sent[], waitedMs: number }

export async function awaitOutcomes (clickhouse: ClickHouse, database: string, sent: readonly Sent[], options: { timeoutMs: number, progress: boolean, pollMs?: number }): Promise<Accounting> {
  const started = Date.now()
  const found = new Map<string, Outcome>()
  const bar = options.progress ? new SingleBar({ format: 'Processed [{bar}] {value}/{total} in ClickHouse | {failed} failed', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined
  bar?.start(sent.length, 0, { failed: 0 })
  while (true) {
    const pending = sent.filter((entry) => !found.has(entry.documentId)).map((entry) => entry.documentId)
    if (pending.length > 0) {
      for (const outcome of await fetchOutcomes(clickhouse, database, pending)) found.set(outcome.documentId, outcome)
    }
    const failed = [...found.values()].filter((outcome) => outcome.status === 'failed').length
    bar?.update(found.size, { failed })
    if (found.size >= sent.length || Date.now() - started > options.timeoutMs) break
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000))
  }
  bar?.stop()
  return {
    outcomes: sent.map((entry) => found.get(entry.documentId)).filter((outcome) => outcome !== undefined),
    missing: sent.filter((entry) => !found.has(entry.documentId)),
    waitedMs: Date.now() - started
  }
}
