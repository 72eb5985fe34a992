// Typed parsers for environment values. Each throws a plain Error with a short reason;
// loadConfig() wraps it with the variable's name so the user knows what to fix.
import os from 'node:os'

export type Parser<T> = (raw: string) => T

export const string: Parser<string> = (raw) => raw

export const nonEmpty: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new Error('must not be empty')
  return raw
}

export function integer (min: number, max: number): Parser<number> {
  return (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`)
    const value = Number(raw)
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new Error(`must be between ${min} and ${max}, got ${raw}`)
    }
    return value
  }
}

export const port = integer(1, 65535)

export const boolean: Parser<boolean> = (raw) => {
  const value = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off'].includes(value)) return false
  throw new Error(`must be true or false, got "${raw}"`)
}

export const url: Parser<string> = (raw) => {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new Error(`must be a URL such as http://127.0.0.1:8123, got "${raw}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`must be an http(s) URL, got "${raw}"`)
  }
  return raw.replace(/\/+$/, '')
}

export function list<T> (item: Parser<T>): Parser<T[]> {
  return (raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== '').map(item)
}

export const hostPort: Parser<string> = (raw) => {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw.trim())
  if (match === null || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new Error(`must be host:port, got "${raw}"`)
  }
  return raw.trim()
}

const byteUnits: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }

/**
 * Sizes such as 52428800, 50MiB or 10MB. Not the `bytes` package: it reads KB as 1024 and has
 * no KiB/MiB, so 10MB and 10MiB could not both mean what they say.
 */
export function bytes (min: number, max: number): Parser<number> {
  return (raw) => {
    const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(raw.trim())
    const unit = byteUnits[(match?.[2] ?? '').toLowerCase()]
    if (match === null || unit === undefined) throw new Error(`must be a size such as 50MiB, got "${raw}"`)
    const value = Math.floor(Number(match[1]) * unit)
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max} bytes, got ${raw}`)
    return value
  }
}

const durationUnitMs: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }
const durationPart = /(\d+(?:\.\d+)?)\s*(ms|w|d|h|m|s)/g

/**
 * The one duration grammar (settings, CLI options, stats windows): 30s, 500ms, 1.5h, 1h30m, 7d;
 * one to four parts, largest unit first (w, d, h, m, s, ms); a bare number is milliseconds.
 * `wholeParts` is the stricter form for text from callers (stats windows over HTTP): whole
 * numbers of at most six digits, no spaces, no bare number. Not the `ms` package: it has no
 * compound durations such as 1h30m. Throws a plain Error with the reason.
 */
export function parseDurationMs (raw: string, options: { wholeParts?: boolean } = {}): number {
  const strict = options.wholeParts === true
  const text = strict ? raw : raw.trim()
  const bad = (): Error => new Error(`must be a duration such as 30s, 500ms or 1h30m, got "${raw.slice(0, 40)}"`)
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    if (strict) throw bad()
    return Math.round(Number(text))
  }
  const parts = [...text.matchAll(durationPart)]
  if (parts.length === 0 || parts.length > 4 || parts.map((part) => part[0]).join('') !== text) throw bad()
  let total = 0
  let previousUnitMs = Infinity
  for (const [part, amount, unit] of parts) {
    if (strict && !/^\d{1,6}[a-z]+$/.test(part)) throw bad()
    const unitMs = durationUnitMs[unit as string] as number
    if (unitMs >= previousUnitMs) throw new Error(`repeats a unit or has units out of order, got "${raw.slice(0, 40)}"`)
    previousUnitMs = unitMs
    total += Number(amount) * unitMs
  }
  return Math.round(total)
}

/** A duration setting in milliseconds, from minMs to maxMs. */
export function duration (minMs: number, maxMs: number): Parser<number> {
  return (raw) => {
    const value = parseDurationMs(raw)
    if (value < minMs || value > maxMs) throw new Error(`must be between ${minMs} ms and ${maxMs} ms, got ${raw}`)
    return value
  }
}

/** Kafka topic and S3 bucket names end up in URLs and SQL, so only a safe alphabet is accepted. */
export const topicName: Parser<string> = (raw) => {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(raw)) throw new Error(`must use only letters, digits, ".", "_" and "-", got "${raw}"`)
  return raw
}

export const bucketName: Parser<string> = (raw) => {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw)) throw new Error(`must be a valid S3 bucket name (lowercase letters, digits, "." and "-"), got "${raw}"`)
  return raw
}

export const identifier: Parser<string> = (raw) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(raw)) throw new Error(`must be an identifier (letters, digits, "_"), got "${raw}"`)
  return raw
}

export const path: Parser<string> = (raw) => raw.startsWith('~/') ? os.homedir() + raw.slice(1) : raw
