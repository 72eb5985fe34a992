// Document ids are UUIDs. Doors that may see the same document twice (a redelivered bucket
// notification, a retried upload with the same Idempotency-Key) derive the id from what
// identifies the document, so the duplicate carries the same id and downstream dedupes it.
import { createHash, randomUUID } from 'node:crypto'

// Fixed namespace of Sluice's name-based ids (RFC 9562 version 5: SHA-1 of namespace + name).
const sluiceNamespace = Buffer.from('5e1c0b2a9d7f4c3e8a61b0f4d2c9e7a3', 'hex')

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function newDocumentId (): string {
  return randomUUID()
}

/**
 * A UUID (version 5) derived from the given parts. Parts are length-prefixed before hashing so
 * ("ab", "c") and ("a", "bc") give different ids.
 */
export function deriveDocumentId (...parts: string[]): string {
  const hash = createHash('sha1').update(sluiceNamespace)
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8')
    hash.update(`${bytes.length}:`).update(bytes)
  }
  const digest = hash.digest().subarray(0, 16)
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80
  const hex = digest.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The id of an object dropped into a bucket: a new version of the object (new eTag) is a new document. */
export function bucketObjectDocumentId (bucket: string, key: string, eTag: string): string {
  return deriveDocumentId('bucket', bucket, key, normalizeETag(eTag))
}

/** S3 servers quote eTags in some responses and not in others. */
export function normalizeETag (eTag: string): string {
  return eTag.replace(/^"+|"+$/g, '').toLowerCase()
}

export function isDocumentId (value: string): boolean {
  return uuidPattern.test(value)
}
