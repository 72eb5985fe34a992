// Validation of the inputs shared by `sluice stats` and GET /v1/stats, so both refuse the
// same things with the same messages.
import { SluiceError } from '../errors.ts'
import { maxSlowest } from './queries.ts'
import { resolveWindow, type StatsWindow } from './window.ts'

export interface StatsRequest {
  window: StatsWindow
  slowest: number
}

export interface RawStatsRequest {
  since?: unknown
  from?: unknown
  to?: unknown
  slowest?: unknown
}

function optionalText (name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.length > 64) {
    throw new SluiceError('USAGE', `${name} must be given once, as text of at most 64 characters`, { hint: 'See `sluice stats --help`.' })
  }
  return value
}

export function parseStatsRequest (raw: RawStatsRequest, nowMs: number = Date.now()): StatsRequest {
  const window = resolveWindow({ since: optionalText('since', raw.since), from: optionalText('from', raw.from), to: optionalText('to', raw.to) }, nowMs)
  const slowestText = optionalText('slowest', raw.slowest)
  let slowest = 10
  if (slowestText !== undefined) {
    if (!/^\d{1,4}$/.test(slowestText) || Number(slowestText) > maxSlowest) {
      throw new SluiceError('USAGE', `slowest must be a whole number from 0 to ${maxSlowest}, got "${slowestText.slice(0, 20)}"`, { hint: 'For example --slowest 20.' })
    }
    slowest = Number(slowestText)
  }
  return { window, slowest }
}
