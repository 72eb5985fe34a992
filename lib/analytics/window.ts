// The time window a stats query covers, from user input (CLI flags or HTTP query string).
// Windows are half-open, [from, to), at whole seconds: ClickHouse DateTime and the per-second
// rollups have second resolution, so `from` is rounded down and `to` rounded up.
import { SluiceError } from '../errors.ts'
import { earliestTimeMs, latestTimeMs } from '../clickhouse/sql.ts'
import { parseDurationMs } from '../config/parsers.ts'

export interface StatsWindow {
  fromMs: number
  toMs: number
}

export interface WindowInput {
  since?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

export const defaultSince = '1h'
export const longestWindowMs = 366 * 86_400_000

function usage (message: string, hint: string): SluiceError {
  return new SluiceError('USAGE', message, { hint })
}

/** Durations such as 90s, 15m, 1h30m, 7d, 2w in the strict form of lib/config/parsers.ts, from 1s to 366d. */
export function parseDuration (text: string): number {
  const hint = 'Write a duration such as 30s, 15m, 1h30m or 7d (units s, m, h, d, w), up to 366d.'
  let total: number
  try {
    total = parseDurationMs(text, { wholeParts: true })
  } catch (error) {
    throw usage(`duration ${(error as Error).message}`, hint)
  }
  if (total < 1000 || total > longestWindowMs) throw usage(`duration "${text}" must be between 1s and 366d`, hint)
  return total
}

const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/

/** Date.parse rolls 2026-02-30 over into March; a typo must be refused, not reinterpreted. */
function isCalendarDate (text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12
}

/**
 * An instant: ISO 8601 with an explicit zone (2026-11-29T12:00:00Z, ...+01:00), a bare date
 * (midnight UTC), or epoch seconds (10 digits) / milliseconds (13 digits). A time of day without
 * a zone is refused rather than guessed.
 */
export function parseInstant (text: string): number {
  const hint = 'Write a time such as 2026-11-29T12:00:00Z, 2026-11-29, or epoch seconds.'
  let ms: number
  if (/^\d{10}$/.test(text)) ms = Number(text) * 1000
  else if (/^\d{13}$/.test(text)) ms = Number(text)
  else if (isoPattern.test(text) && isCalendarDate(text)) ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text.replace(' ', 'T'))
  else throw usage(`"${text.slice(0, 40)}" is not a time`, hint)
  if (!Number.isFinite(ms) || ms < earliestTimeMs || ms > latestTimeMs) throw usage(`time "${text}" is not a valid instant between 2000 and 2100`, hint)
  return ms
}

/** --since alone, or --from with an optional --to (default now); nothing means the last hour. */
export function resolveWindow (input: WindowInput, nowMs: number = Date.now()): StatsWindow {
  if (input.since !== undefined && (input.from !== undefined || input.to !== undefined)) {
    throw usage('--since cannot be combined with --from/--to', 'Use either --since 1h, or --from T [--to T].')
  }
  if (input.from === undefined && input.to !== undefined) {
    throw usage('--to needs --from', 'Give both ends of the window, or use --since.')
  }
  let fromMs: number
  let toMs: number
  if (input.from !== undefined) {
    fromMs = parseInstant(input.from)
    toMs = input.to === undefined ? nowMs : parseInstant(input.to)
  } else {
    toMs = nowMs
    fromMs = toMs - parseDuration(input.since ?? defaultSince)
  }
  fromMs = Math.floor(fromMs / 1000) * 1000
  toMs = Math.ceil(toMs / 1000) * 1000
  if (fromMs >= toMs) throw usage('the window is empty: --from must be before --to', 'Swap the times or widen the window.')
  if (toMs - fromMs > longestWindowMs) throw usage('the window is longer than 366 days', 'Ask for a shorter window.')
  if (fromMs < earliestTimeMs || toMs > latestTimeMs) throw usage('the window must lie between 2000 and 2100', 'Check the times.')
  return { fromMs, toMs }
}
