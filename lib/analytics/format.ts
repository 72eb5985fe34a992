// The human-readable form of a stats report, printed by `sluice stats` without --json.
import type { StageLatency, StatsReport } from './stats.ts'

const sparks = '▁▂▃▄▅▆▇█'

export function formatMs (ms: number): string {
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 10) return `${Math.round(ms)} ms`
  return `${ms.toFixed(1)} ms`
}

function formatCount (value: number): string {
  return value.toLocaleString('en-US')
}

function formatBytes (bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

function formatRate (docsPerSecond: number): string {
  return `${docsPerSecond >= 100 ? docsPerSecond.toFixed(0) : docsPerSecond >= 1 ? docsPerSecond.toFixed(2) : docsPerSecond.toFixed(3)} docs/s`
}

/** At most `width` columns: each column shows the busiest point it covers. */
export function sparkline (values: number[], width = 60): string {
  if (values.length === 0) return ''
  const columns = Math.min(width, values.length)
  const perColumn = values.length / columns
  const maxima: number[] = []
  for (let column = 0; column < columns; column++) {
    const slice = values.slice(Math.floor(column * perColumn), Math.max(Math.floor((column + 1) * perColumn), Math.floor(column * perColumn) + 1))
    maxima.push(Math.max(...slice))
  }
  const top = Math.max(...maxima)
  return maxima.map((value) => top === 0 ? sparks[0] : sparks[Math.min(sparks.length - 1, Math.round(value / top * (sparks.length - 1)))]).join('')
}

function latencyRow (stage: StageLatency, labelWidth: number): string {
  const cells = [stage.p50Ms, stage.p95Ms, stage.p99Ms, stage.maxMs].map((ms) => formatMs(ms).padStart(10))
  return `  ${`${stage.label}:`.padEnd(labelWidth + 1)} ${cells.join('')}  (${formatCount(stage.documents)} docs)`
}

export function formatStats (report: StatsReport): string {
  const lines: string[] = []
  const { documents, throughput } = report
  lines.push(`Sluice stats for ${report.window.from} .. ${report.window.to} (${formatCount(report.window.seconds)} s)`, '')
  lines.push(`Documents: ${formatCount(documents.completed)} completed, ${formatCount(documents.processed)} processed, ${formatCount(documents.failed)} failed` +
    ` (${formatBytes(documents.bytes)}, ${formatCount(documents.pages)} pages)`)
  lines.push(`Throughput: ${formatRate(throughput.docsPerSecond)} over the window` +
    (throughput.peak === null ? '' : `, peak ${formatRate(throughput.peak.docsPerSecond)} at ${throughput.peak.at}`))
  lines.push(`  (${throughput.definition})`)
  if (documents.completed > 0) {
    const step = throughput.series.stepSeconds === 1 ? 'second' : throughput.series.stepSeconds === 60 ? 'minute' : 'hour'
    lines.push(`  per ${step}: ${sparkline(throughput.series.points.map((point) => point.docsPerSecond))}`)
  }

  const stages = [...report.stages, ...(report.endToEnd === null ? [] : [report.endToEnd])]
  lines.push('', 'Latency of processed documents')
  if (stages.length === 0) {
    lines.push('  (no processed documents in this window)')
  } else {
    const labelWidth = Math.max(...stages.map((stage) => stage.label.length))
    lines.push(`  ${''.padEnd(labelWidth + 1)} ${['p50', 'p95', 'p99', 'max'].map((name) => name.padStart(10)).join('')}`)
    for (const stage of stages) lines.push(latencyRow(stage, labelWidth))
  }

  if (report.failuresByReason.length > 0) {
    lines.push('', 'Failures by reason')
    for (const failure of report.failuresByReason) lines.push(`  ${failure.reason.padEnd(16)} ${formatCount(failure.documents).padStart(8)}`)
  }
  if (report.bySource.length > 0) {
    lines.push('', `By source${''.padEnd(9)}${'processed'.padStart(10)}${'failed'.padStart(9)}`)
    for (const source of report.bySource) lines.push(`  ${source.source.padEnd(16)} ${formatCount(source.processed).padStart(10)}${formatCount(source.failed).padStart(9)}`)
  }
  if (report.redactions.length > 0) {
    lines.push('', 'Redactions by PII type')
    for (const redaction of report.redactions) lines.push(`  ${redaction.type.padEnd(20)} ${formatCount(redaction.findings).padStart(8)} in ${formatCount(redaction.documents)} docs`)
  }
  if (report.slowest.length > 0) {
    lines.push('', 'Slowest documents (received to completed)')
    for (const slow of report.slowest) {
      const detail = slow.status === 'failed' ? `failed: ${slow.failureReason}` : `extract ${formatMs(slow.stagesMs.extract)}, redact ${formatMs(slow.stagesMs.redact)}`
      lines.push(`  ${formatMs(slow.totalMs).padStart(9)}  ${slow.documentId}  ${slow.source}, ${formatCount(slow.pages)} pages, ${detail}`)
    }
  }
  if (report.deadLetters.events > 0) {
    lines.push('', `Dead-lettered events: ${formatCount(report.deadLetters.events)}`)
    for (const entry of report.deadLetters.byErrorCode) lines.push(`  ${entry.errorCode.padEnd(16)} ${formatCount(entry.events).padStart(8)}`)
  }
  return lines.join('\n') + '\n'
}
