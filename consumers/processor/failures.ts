// Maps whatever went wrong to the stable vocabulary of events and analytics: a failure reason
// for documents that end as `failed`, or "transient" for errors worth retrying.
import type { FailureReason } from '../../lib/events/types.ts'
import { isSluiceError, type ErrorCode } from '../../lib/errors.ts'

const reasonByCode: Partial<Record<ErrorCode, FailureReason>> = {
  NOT_PDF: 'not_pdf',
  ENCRYPTED: 'encrypted',
  CORRUPT: 'corrupt',
  EMPTY: 'empty',
  TOO_LARGE: 'too_large',
  TOO_MANY_PAGES: 'too_many_pages',
  TOO_LARGE_DECODED: 'too_large_decoded',
  TIMEOUT: 'timeout',
  CRASHED: 'crashed',
  MISSING_OBJECT: 'missing_object'
}

/** The failure reason of a document-level error; anything unexpected is `internal`. */
export function failureReason (error: unknown): FailureReason {
  if (isSluiceError(error)) return reasonByCode[error.code] ?? 'internal'
  return 'internal'
}

const transientNetworkCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'
])
const transientS3Codes = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeTooSkewed'])

/**
 * True for errors that say "a service is unavailable right now" rather than "this document is
 * bad": network failures, S3 5xx answers, Kafka client errors (kafkajs has already retried
 * them internally) and schema registry outages. Document errors are never transient.
 */
export function isTransient (error: unknown): boolean {
  if (isSluiceError(error)) return error.code === 'SERVICE_UNAVAILABLE'
  if (typeof error !== 'object' || error === null) return false
  const { code, name, statusCode, status, cause } = error as { code?: unknown, name?: unknown, statusCode?: unknown, status?: unknown, cause?: unknown }
  if (typeof code === 'string' && (transientNetworkCodes.has(code) || transientS3Codes.has(code))) return true
  if (typeof name === 'string' && name.startsWith('KafkaJS')) return true
  if (typeof statusCode === 'number' && statusCode >= 500) return true
  // The schema registry client's ResponseError: 404 means an unknown schema (a bad message), not an outage.
  if (typeof status === 'number' && status >= 500) return true
  if (cause !== undefined && cause !== error) return isTransient(cause)
  return false
}
