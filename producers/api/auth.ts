// Bearer API keys. Keys are compared by their SHA-256 digests in constant time, and only a
// digest prefix ever identifies a key elsewhere (idempotency records, logs).
import { createHash, timingSafeEqual } from 'node:crypto'
import { ApiError } from './errors.ts'

export interface Caller {
  /** Hex SHA-256 of the API key: scopes idempotency records without storing the key. */
  keyHash: string
}

export type Authenticate = (authorization: string | undefined) => Caller

export function createAuthenticator (keys: readonly string[]): Authenticate {
  const known = keys.map((key) => digest(key))
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
    if (match === null) throw new ApiError('UNAUTHORIZED', 'Missing API key: send "Authorization: Bearer <key>".')
    const presented = digest(match[1] as string)
    // Compare against every key so the time taken does not reveal which one matched.
    let found = false
    for (const candidate of known) found = timingSafeEqual(candidate, presented) || found
    if (!found) throw new ApiError('UNAUTHORIZED', 'Unknown API key.')
    return { keyHash: presented.toString('hex') }
  }
}

function digest (key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest()
}
