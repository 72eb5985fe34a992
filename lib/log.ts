// One logger factory for every service. Logs go to stderr as JSON (pino) so stdout stays
// free for command output. Never log document text or finding values: only ids, codes, counts.
//
// Error texts are the one free text in log lines, and they can quote a caller string: an S3
// error names the key it failed on (minio's errors carry `key` and `resource` fields), a parser
// error quotes its input. So every `error`/`err` field is logged as its code and message only,
// passed through the caller-string redaction once a service has set it up (docs/privacy.md).
import { pino, type Logger } from 'pino'

export type { Logger }

let redactErrorText: (text: string) => string = (text) => text

/** Every logger of the process redacts error texts with this from now on (the service's caller-string redaction). */
export function redactLoggedErrors (redact: (text: string) => string): void {
  redactErrorText = redact
}

/** An error as a log line may hold it: `CODE: message`, redacted; never its other fields. */
export function loggedError (value: unknown): unknown {
  if (typeof value === 'string') return redactErrorText(value)
  if (!(value instanceof Error)) return value
  const code = (value as { code?: unknown }).code
  return redactErrorText(typeof code === 'string' && code !== '' ? `${code}: ${value.message}` : `${value.name}: ${value.message}`)
}

/** The fields of a log line with its error fields made safe (pino's log formatter). */
export function loggedFields (object: Record<string, unknown>): Record<string, unknown> {
  if (!('error' in object) && !('err' in object)) return object
  const safe: Record<string, unknown> = { ...object }
  if ('error' in safe) safe.error = loggedError(safe.error)
  if ('err' in safe) safe.err = loggedError(safe.err)
  return safe
}

export function createLogger (component: string, level: string = process.env.SLUICE_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: `sluice-${component}`,
    level,
    base: { component },
    formatters: { log: loggedFields }
  }, pino.destination(2))
}
