// Every error Sluice raises on purpose is a SluiceError with a stable code, so callers,
// logs, HTTP replies and analytics can branch on the code instead of parsing messages.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INSECURE_CONFIG'
  | 'USAGE'
  | 'STACK_PREREQUISITE_MISSING'
  | 'STACK_INSTALL_FAILED'
  | 'STACK_START_FAILED'
  | 'SERVICE_UNAVAILABLE'
  | 'RULES_INVALID'
  | 'NOT_PDF'
  | 'ENCRYPTED'
  | 'CORRUPT'
  | 'TOO_LARGE'
  | 'TOO_MANY_PAGES'
  | 'TIMEOUT'
  | 'CRASHED'
  | 'MISSING_OBJECT'
  | 'EMPTY'
  | 'FILE_NAME_TOO_LONG'
  | 'FILE_NAME_INVALID'
  | 'OBJECT_KEY_INVALID'
  | 'FIELD_NAME_INVALID'
  | 'FIELD_TOO_LARGE'
  | 'TOO_MANY_FIELDS'
  | 'METADATA_TOO_LARGE'
  | 'SQL_VALUE_INVALID'
  | 'CLICKHOUSE_SCHEMA_MISSING'
  | 'SCHEMA_INCOMPATIBLE'
  | 'INTERNAL'

export class SluiceError extends Error {
  readonly code: ErrorCode
  /** What the user can do about it; printed under the message by the CLI. */
  readonly hint: string | undefined

  constructor (code: ErrorCode, message: string, options: { hint?: string, cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'SluiceError'
    this.code = code
    this.hint = options.hint
  }
}

export function isSluiceError (error: unknown, code?: ErrorCode): error is SluiceError {
  return error instanceof SluiceError && (code === undefined || error.code === code)
}
