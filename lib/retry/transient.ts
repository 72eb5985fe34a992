// Is this error a dependency being unavailable right now (retry, pause, never blame the
// document) or something wrong with the input itself? One rule for the processor and the sink.
import { isSluiceError } from '../errors.ts'

const transientNetworkCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'
])
const transientS3Codes = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeTooSkewed'])
// The schema registry client reports a refused connection as a 400 whose message names it.
const transientMessage = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EAI_AGAIN|socket hang up|fetch failed|Timeout/i

/**
 * True for errors that say "a service is unavailable right now" rather than "this input is
 * bad": network failures, S3 5xx answers, Kafka client errors (kafkajs has already retried
 * them internally) and schema registry outages. Sluice's own document errors are never transient.
 */
export function isTransient (error: unknown): boolean {
  if (isSluiceError(error)) return error.code === 'SERVICE_UNAVAILABLE'
  if (typeof error !== 'object' || error === null) return false
  const { code, name, statusCode, status, message, cause } = error as { code?: unknown, name?: unknown, statusCode?: unknown, status?: unknown, message?: unknown, cause?: unknown }
  if (typeof code === 'string' && (transientNetworkCodes.has(code) || transientS3Codes.has(code))) return true
  if (typeof name === 'string' && name.startsWith('KafkaJS')) return true
  if (typeof statusCode === 'number' && statusCode >= 500) return true
  // The schema registry client's ResponseError: 404 means an unknown schema (a bad message), not an outage.
  if (typeof status === 'number' && status >= 500) return true
  if (transientMessage.test(`${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : ''}`)) return true
  if (cause !== undefined && cause !== error) return isTransient(cause)
  return false
}
