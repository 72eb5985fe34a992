// The limits every door applies to what a caller names and attaches to a document, in one place.
// They are checked before anything is stored, so breaking one is the caller's fault (a 4xx from
// the API, a usage error from `sluice publish`, a skipped object in the bridge) and never looks
// like an outage. Sizes are UTF-8 bytes. They keep each event and each stored object's metadata
// well inside what S3 servers accept (2 KiB of user metadata, in which the file name is stored
// percent-encoded: up to 3 bytes per byte) and what a Kafka message should carry.
import { SluiceError } from '../errors.ts'

export const inputLimits = {
  /** A file name (the last segment, never a path), as filesystems allow. */
  fileNameBytes: 255,
  /** An object key in the bucket, as S3 allows. */
  objectKeyBytes: 1024,
  /** A metadata (form field) name. */
  fieldNameBytes: 64,
  /** A metadata (form field) value: the documented 1 KiB. */
  fieldValueBytes: 1024,
  /** Metadata fields on one document. */
  fields: 20,
  /** All metadata names and values of one document together. */
  metadataBytes: 8 * 1024
} as const

// C0 and C1 control characters and DEL: they corrupt logs, headers and terminals downstream.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/
const fieldNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')

/** Throws FILE_NAME_INVALID (empty, control characters, a path or `.`/`..`) or FILE_NAME_TOO_LONG. */
export function checkFileName (name: string): void {
  if (byteLength(name) > inputLimits.fileNameBytes) {
    throw new SluiceError('FILE_NAME_TOO_LONG', `The file name is ${byteLength(name)} bytes long; the limit is ${inputLimits.fileNameBytes} bytes.`)
  }
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name) || controlCharacters.test(name)) {
    throw new SluiceError('FILE_NAME_INVALID', 'A file name must be a plain name: not empty, no "/" or "\\", not "." or "..", no control characters.')
  }
}

/** Throws OBJECT_KEY_INVALID for keys longer than S3 allows or with control characters, then checks the file name part. */
export function checkObjectKey (key: string): void {
  if (byteLength(key) > inputLimits.objectKeyBytes || controlCharacters.test(key)) {
    throw new SluiceError('OBJECT_KEY_INVALID', `An object key must be at most ${inputLimits.objectKeyBytes} bytes without control characters.`)
  }
  checkFileName(key.slice(key.lastIndexOf('/') + 1))
}

/** Whether the bucket doors can turn an object with this key into an event (see checkObjectKey). */
export function isUsableObjectKey (key: string): boolean {
  try {
    checkObjectKey(key)
    return true
  } catch {
    return false
  }
}

/** Checks one metadata field: FIELD_NAME_INVALID or FIELD_TOO_LARGE. */
export function checkField (name: string, value: string): void {
  if (byteLength(name) > inputLimits.fieldNameBytes || !fieldNamePattern.test(name)) {
    throw new SluiceError('FIELD_NAME_INVALID', `Field names are 1 to ${inputLimits.fieldNameBytes} letters, digits, "_", "." or "-", starting with a letter or digit.`)
  }
  if (byteLength(value) > inputLimits.fieldValueBytes) {
    throw new SluiceError('FIELD_TOO_LARGE', `The field "${name}" is ${byteLength(value)} bytes; the limit is ${inputLimits.fieldValueBytes} bytes.`)
  }
}

/** Checks every field, their number (TOO_MANY_FIELDS) and their total size (METADATA_TOO_LARGE). */
export function checkMetadata (metadata: Readonly<Record<string, string>>): void {
  const entries = Object.entries(metadata)
  if (entries.length > inputLimits.fields) {
    throw new SluiceError('TOO_MANY_FIELDS', `${entries.length} metadata fields; the limit is ${inputLimits.fields}.`)
  }
  let total = 0
  for (const [name, value] of entries) {
    checkField(name, value)
    total += byteLength(name) + byteLength(value)
  }
  if (total > inputLimits.metadataBytes) {
    throw new SluiceError('METADATA_TOO_LARGE', `The metadata is ${total} bytes in all; the limit is ${inputLimits.metadataBytes} bytes.`)
  }
}
