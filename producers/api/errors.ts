// Every error the upload API (and its /v1/stats route) answers with, in one place: a stable code, its HTTP status and a
// message that says what to do. Replies are JSON `{ error: { code, message } }`.
import { isSluiceError } from '../../lib/errors.ts'
import { notPdfMessage } from '../../lib/ingest/pdf-signature.ts'

export const apiErrors = {
  UNAUTHORIZED: { status: 401, message: 'Send a known API key as "Authorization: Bearer <key>".' },
  EMPTY_BODY: { status: 400, message: 'The request carries no document: send PDF bytes as application/pdf or one or more files as multipart/form-data.' },
  EMPTY_FILE: { status: 400, message: 'A file in the upload has no bytes.' },
  NOT_PDF: { status: 422, message: notPdfMessage },
  TOO_LARGE: { status: 413, message: 'The document is larger than the upload limit.' },
  TOO_MANY_FILES: { status: 413, message: 'The upload has more files than one request may carry.' },
  TOO_MANY_FIELDS: { status: 413, message: 'The upload has more form fields than one request may carry.' },
  FILE_NAME_TOO_LONG: { status: 400, message: 'The file name is longer than 255 bytes.' },
  FILE_NAME_INVALID: { status: 400, message: 'A file name must be a plain name: not empty, no "/" or "\\", not "." or "..", no control characters.' },
  FIELD_NAME_INVALID: { status: 400, message: 'Form field names are 1 to 64 letters, digits, "_", "." or "-".' },
  FIELD_TOO_LARGE: { status: 413, message: 'A form field is larger than 1 KiB.' },
  METADATA_TOO_LARGE: { status: 413, message: 'The form fields together are larger than 8 KiB.' },
  MALFORMED_MULTIPART: { status: 400, message: 'The multipart/form-data body could not be parsed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send multipart/form-data or application/pdf (application/octet-stream is accepted too).' },
  INVALID_DOCUMENT_ID: { status: 400, message: 'Document ids are UUIDs.' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key must be 1 to 200 visible ASCII characters.' },
  DOCUMENT_NOT_FOUND: { status: 404, message: 'No document with this id is known.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route. Try POST /v1/documents or GET /v1/documents/:id.' },
  // 429, not 503: the service works, it is the callers together who send faster than documents are
  // processed. Clients back off on 429 as on 503, while 5xx alerts and availability figures keep
  // meaning "something is broken". Nothing was stored, so the document is never processed.
  OVERLOADED: { status: 429, message: 'Processing is behind by more than the admission bound; nothing was stored. Retry after the Retry-After seconds.' },
  STORAGE_UNAVAILABLE: { status: 503, message: 'The object store is unavailable; nothing was accepted. Retry later.' },
  KAFKA_UNAVAILABLE: { status: 503, message: 'Kafka did not acknowledge the event; nothing was accepted. Retry later.' },
  // GET /v1/stats (routes/stats.ts); the first two carry the reason in their message.
  INVALID_STATS_QUERY: { status: 400, message: 'The stats query string is invalid: use since=DURATION, or from=T and optionally to=T, and slowest=N.' },
  CLICKHOUSE_SCHEMA_MISSING: { status: 503, message: 'The Sluice tables are missing in ClickHouse; run `sluice migrate`.' },
  CLICKHOUSE_UNAVAILABLE: { status: 503, message: 'ClickHouse is not reachable; retry later.' },
  INTERNAL: { status: 500, message: 'Unexpected failure; nothing was accepted.' }
} as const

export type ApiErrorCode = keyof typeof apiErrors

export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly status: number
  /** Sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined

  constructor (code: ApiErrorCode, message: string = apiErrors[code].message, options: { cause?: unknown, retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.status = apiErrors[code].status
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export function errorBody (error: ApiError): { error: { code: ApiErrorCode, message: string } } {
  return { error: { code: error.code, message: error.message } }
}

// Broken input limits (lib/ingest/limits.ts) keep their code: each says which limit.
const limitCodes = new Set<string>(['FILE_NAME_TOO_LONG', 'FILE_NAME_INVALID', 'FIELD_NAME_INVALID', 'FIELD_TOO_LARGE', 'METADATA_TOO_LARGE', 'TOO_MANY_FIELDS'] satisfies ApiErrorCode[])

// Error codes raised by fastify and @fastify/multipart, mapped to ours.
const frameworkCodes: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_MULTIPART',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_FIELDS_LIMIT: 'TOO_MANY_FIELDS',
  FST_PARTS_LIMIT: 'TOO_MANY_FIELDS',
  FST_REQ_FILE_TOO_LARGE: 'TOO_LARGE',
  FST_PROTO_VIOLATION: 'MALFORMED_MULTIPART'
}

/**
 * Turns anything thrown while handling a request into an ApiError. `stage` says which service
 * a SERVICE_UNAVAILABLE came from; errors from the multipart parser (busboy) carry no code and
 * mean the body is malformed.
 */
export function toApiError (error: unknown, stage: 'storage' | 'kafka' | 'multipart' | 'other' = 'other'): ApiError {
  if (error instanceof ApiError) return error
  if (isSluiceError(error)) {
    if (error.code === 'EMPTY') return new ApiError('EMPTY_FILE')
    if (error.code === 'NOT_PDF') return new ApiError('NOT_PDF')
    if (error.code === 'TOO_LARGE') return new ApiError('TOO_LARGE', error.message)
    if (limitCodes.has(error.code)) return new ApiError(error.code as ApiErrorCode, error.message)
    if (error.code === 'SERVICE_UNAVAILABLE') return new ApiError(stage === 'kafka' ? 'KAFKA_UNAVAILABLE' : 'STORAGE_UNAVAILABLE', undefined, { cause: error })
  }
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string' && frameworkCodes[code] !== undefined) return new ApiError(frameworkCodes[code], undefined, { cause: error })
  if (stage === 'multipart') return new ApiError('MALFORMED_MULTIPART', `The multipart/form-data body could not be parsed: ${(error as Error).message}`, { cause: error })
  if (typeof (error as { statusCode?: unknown })?.statusCode === 'number' && (error as { statusCode: number }).statusCode === 404) return new ApiError('ROUTE_NOT_FOUND')
  return new ApiError('INTERNAL', undefined, { cause: error })
}
