// The one place where values become SQL text. ClickHouse 18.16 has no query parameters, so
// every value that reaches a query goes through exactly one of these functions: strings are
// escaped, numbers and times are checked to be finite integers in range, identifiers must
// match a whitelist pattern. Anything else is refused with SQL_VALUE_INVALID.
import { SluiceError } from '../errors.ts'

/** Database, table and column names: plain ASCII words, never quoted, never escaped. */
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function invalid (what: string, value: unknown, hint: string): SluiceError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value)
  return new SluiceError('SQL_VALUE_INVALID', `${what} ${shown} cannot be used in SQL`, { hint })
}

/** An identifier that is safe to splice into SQL unquoted (database or table name). */
export function sqlIdentifier (name: unknown): string {
  if (typeof name !== 'string' || !identifierPattern.test(name)) {
    throw invalid('identifier', name, 'Use letters, digits and underscores only, starting with a letter or underscore (at most 63 characters).')
  }
  return name
}

/**
 * A string literal in single quotes. Backslash and quote are escaped, as are control
 * characters (ClickHouse string literals understand C escapes), so no input can end the
 * literal, start a comment or add a statement. NUL is refused: it has no business in our data.
 */
export function sqlString (value: unknown): string {
  if (typeof value !== 'string') throw invalid('string value', value, 'Pass a string.')
  if (value.includes('\0')) throw invalid('string value', value, 'Strings must not contain NUL characters.')
  let escaped = ''
  for (const char of value) {
    const code = char.charCodeAt(0)
    if (char === '\\') escaped += '\\\\'
    else if (char === '\'') escaped += '\\\''
    else if (code < 0x20 || code === 0x7f) escaped += '\\x' + code.toString(16).padStart(2, '0')
    else escaped += char
  }
  return `'${escaped}'`
}

/** An integer literal within [min, max]; both bounds are required so callers state intent. */
export function sqlInteger (value: unknown, min: number, max: number): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid('integer', value, `Expected a whole number from ${min} to ${max}.`)
  }
  return String(value)
}

/** Earliest and latest instants accepted as query bounds (2000-01-01 .. 2100-01-01 UTC). */
export const earliestTimeMs = Date.UTC(2000, 0, 1)
export const latestTimeMs = Date.UTC(2100, 0, 1)

/**
 * A DateTime expression for an epoch-milliseconds instant, truncated to the second (DateTime
 * has second resolution on every ClickHouse version). Written as toDateTime(<seconds>) so it
 * means the same instant whatever the server's time zone.
 */
export function sqlDateTime (epochMs: unknown): string {
  if (typeof epochMs !== 'number' || !Number.isSafeInteger(epochMs) || epochMs < earliestTimeMs || epochMs > latestTimeMs) {
    throw invalid('time', epochMs, 'Expected a time between 2000-01-01 and 2100-01-01 (epoch milliseconds).')
  }
  return `toDateTime(${Math.floor(epochMs / 1000)})`
}

/** A list of string literals for `IN (...)`; an empty list is refused (it is not valid SQL). */
export function sqlStringList (values: readonly unknown[]): string {
  if (values.length === 0) throw invalid('list', '(empty)', 'Pass at least one value.')
  return values.map(sqlString).join(', ')
}

/**
 * Fills a SQL template whose only placeholder is {{database}}: migrations are written once and
 * applied to the database named in the configuration.
 */
export function withDatabase (template: string, database: string): string {
  return template.replaceAll('{{database}}', sqlIdentifier(database))
}
