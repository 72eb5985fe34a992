// Every error Sluice raises on purpose is a SluiceError with a stable code, so callers, logs,
// HTTP replies and analytics can branch on the code instead of parsing messages. The catalogue
// below is the one place a code is defined: what it means, how the CLI exits on it and, for
// errors that end a document, the lowercase failure reason events and ClickHouse carry.
// (The upload API's HTTP codes and statuses are producers/api/errors.ts.)

type ExitKind = 'usage' | 'unavailable' | 'internalError'

interface CodeEntry {
  meaning: string
  /** Which of the CLI's exit codes (cli/command.ts) a command that fails with it returns. */
  exit: ExitKind
  /** Set for errors that end a document as `failed`: the reason in events and ClickHouse. */
  failureReason?: string
}

export const errorCatalogue = {
  CONFIG_INVALID: { meaning: 'A SLUICE_* setting has a value that cannot be used.', exit: 'usage' },
  INSECURE_CONFIG: { meaning: 'The settings would expose Sluice insecurely, e.g. the API on a non-loopback address with the built-in development key.', exit: 'usage' },
  USAGE: { meaning: 'The command line is wrong: unknown option, bad value or missing argument.', exit: 'usage' },
  COMMAND_NOT_INSTALLED: { meaning: 'The command\'s code is not in this installation (production images leave bench/ out).', exit: 'usage' },
  STACK_PREREQUISITE_MISSING: { meaning: 'The local stack needs a program or package this machine lacks.', exit: 'internalError' },
  STACK_INSTALL_FAILED: { meaning: 'Installing a local-stack service failed.', exit: 'internalError' },
  STACK_START_FAILED: { meaning: 'A local-stack service did not start or did not become healthy.', exit: 'internalError' },
  SERVICE_UNAVAILABLE: { meaning: 'Kafka, the schema registry, S3 or ClickHouse cannot be reached right now.', exit: 'unavailable' },
  RULES_INVALID: { meaning: 'The custom redaction rules file cannot be read or is invalid.', exit: 'internalError' },
  NOT_PDF: { meaning: 'The bytes are not a PDF.', exit: 'internalError', failureReason: 'not_pdf' },
  ENCRYPTED: { meaning: 'The PDF is encrypted and cannot be read without its password.', exit: 'internalError', failureReason: 'encrypted' },
  CORRUPT: { meaning: 'The PDF is damaged beyond what pdf.js can read.', exit: 'internalError', failureReason: 'corrupt' },
  EMPTY: { meaning: 'The document has no bytes.', exit: 'internalError', failureReason: 'empty' },
  TOO_LARGE: { meaning: 'The document is larger than the configured limit, in bytes or memory.', exit: 'internalError', failureReason: 'too_large' },
  TOO_MANY_PAGES: { meaning: 'The document has more pages than the configured limit.', exit: 'internalError', failureReason: 'too_many_pages' },
  TOO_LARGE_DECODED: { meaning: 'Decoding the document took more memory than its per-document budget (SLUICE_DOCUMENT_MEMORY), e.g. a decompression bomb.', exit: 'internalError', failureReason: 'too_large_decoded' },
  TIMEOUT: { meaning: 'Extracting and redacting the document took longer than its time limit.', exit: 'internalError', failureReason: 'timeout' },
  CRASHED: { meaning: 'The worker thread handling the document died.', exit: 'internalError', failureReason: 'crashed' },
  MISSING_OBJECT: { meaning: 'The document\'s object is no longer in the bucket.', exit: 'internalError', failureReason: 'missing_object' },
  FILE_NAME_TOO_LONG: { meaning: 'A file name is longer than the input limits allow (lib/ingest/limits.ts).', exit: 'usage' },
  FILE_NAME_INVALID: { meaning: 'A file name has control characters, path traversal or is empty.', exit: 'usage' },
  OBJECT_KEY_INVALID: { meaning: 'An object key breaks the input limits (too long, control characters).', exit: 'usage' },
  FIELD_NAME_INVALID: { meaning: 'A metadata or form field name is empty, too long or has characters outside the allowed set.', exit: 'usage' },
  FIELD_TOO_LARGE: { meaning: 'A metadata or form field value is larger than the input limits allow.', exit: 'usage' },
  TOO_MANY_FIELDS: { meaning: 'More metadata or form fields than the input limits allow.', exit: 'usage' },
  METADATA_TOO_LARGE: { meaning: 'All metadata together is larger than the input limits allow.', exit: 'usage' },
  INTERNAL: { meaning: 'An unexpected failure inside Sluice.', exit: 'internalError', failureReason: 'internal' },
  RESULT_UNREADABLE: { meaning: 'An object in the results bucket is not a document result as Sluice writes it (lib/results/document-result.ts).', exit: 'internalError' },
  SQL_VALUE_INVALID: { meaning: 'A value cannot be put into SQL safely (wrong type or out of range).', exit: 'internalError' },
  CLICKHOUSE_SCHEMA_MISSING: { meaning: 'The Sluice tables are missing in the ClickHouse database (run `sluice migrate`).', exit: 'internalError' },
  SCHEMA_INCOMPATIBLE: { meaning: 'The schema registry refused an event schema as incompatible with the registered one.', exit: 'internalError' }
} as const satisfies Record<string, CodeEntry>

export type ErrorCode = keyof typeof errorCatalogue

type Entry = typeof errorCatalogue[ErrorCode]
/** Why a document ended as `failed`, as events and ClickHouse carry it. */
export type FailureReason = Extract<Entry, { failureReason: string }>['failureReason']

export const failureReasons: readonly FailureReason[] = Object.values(errorCatalogue).flatMap((entry: CodeEntry) => entry.failureReason === undefined ? [] : [entry.failureReason as FailureReason])

/** The failure reason of an error that ended a document; anything unexpected is `internal`. */
export function failureReasonOf (error: unknown): FailureReason {
  if (!isSluiceError(error)) return 'internal'
  const entry: CodeEntry = errorCatalogue[error.code]
  return (entry.failureReason ?? 'internal') as FailureReason
}

/** Codes of dead-lettered events: the event itself could not be processed (see docs/processor.md). */
export const deadLetterCodes = ['undecodable', 'invalid_event', 'outage_limit', 'internal'] as const
export type DeadLetterCode = typeof deadLetterCodes[number]

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
