// Maps whatever went wrong to the stable vocabulary of events and analytics: the failure reason
// of a document that ends as `failed`. Which errors are worth retrying is lib/retry/transient.ts.
import type { FailureReason } from '../../lib/events/types.ts'
import { isSluiceError, type ErrorCode } from '../../lib/errors.ts'

const reasonByCode: Partial<Record<ErrorCode, FailureReason>> = {
  NOT_PDF: 'not_pdf',
  ENCRYPTED: 'encrypted',
  CORRUPT: 'corrupt',
  EMPTY: 'empty',
  TOO_LARGE: 'too_large',
  TOO_MANY_PAGES: 'too_many_pages',
  TIMEOUT: 'timeout',
  CRASHED: 'crashed',
  MISSING_OBJECT: 'missing_object'
}

/** The failure reason of a document-level error; anything unexpected is `internal`. */
export function failureReason (error: unknown): FailureReason {
  if (isSluiceError(error)) return reasonByCode[error.code] ?? 'internal'
  return 'internal'
}
