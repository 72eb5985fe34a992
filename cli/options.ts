// Command-line option values, each checked once here so every command words a bad value the
// same way: a USAGE error naming the option. Absent options are undefined, so commands can
// fall back to the setting the option overrides.
import type { Parser } from '../lib/config/parsers.ts'
import { SluiceError } from '../lib/errors.ts'

/** The value of `--name` parsed with one of lib/config/parsers.ts (the settings' parsers). */
export function optionValue<T> (name: string, raw: unknown, parser: Parser<T>): T | undefined {
  if (raw === undefined) return undefined
  try {
    if (typeof raw !== 'string') throw new Error(`must have a value, got ${String(raw)}`)
    return parser(raw)
  } catch (error) {
    throw new SluiceError('USAGE', `--${name} ${(error as Error).message}`)
  }
}

/** A whole number from min to max (no upper bound by default). */
export function integerOption (name: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined
  const text = typeof raw === 'string' ? raw.trim() : ''
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`
    throw new SluiceError('USAGE', `--${name} must be a whole number ${range}, got "${String(raw)}"`)
  }
  return value
}
