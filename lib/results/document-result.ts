// The one object the processor writes per document (lib/ingest/object-keys.ts resultKey), for
// every outcome: `{"summary":<the DocumentProcessed event>,"text":<redacted text or null>}`.
// One JSON object rather than a text object plus a summary: a failed document has no text but
// must have a findable outcome, and the summary (redacted key, failure message, counts per PII
// type) does not fit the 2 KB that S3 allows for user metadata. The summary comes first, so a
// reader that only needs the outcome (GET /v1/documents/:id) stops reading after it, however
// long the text is.
import type { Client } from 'minio'
import { SluiceError } from '../errors.ts'
import type { DocumentProcessed } from '../events/types.ts'
import { legacySummaryKey, resultKey } from '../ingest/object-keys.ts'

const summaryOpening = Buffer.from('{"summary":', 'utf8')

/** The object's bytes. `text` is null for a failed document. */
export function encodeDocumentResult (summary: DocumentProcessed, text: string | null): Buffer {
  return Buffer.concat([
    summaryOpening,
    Buffer.from(JSON.stringify(summary), 'utf8'),
    Buffer.from(`,"text":${JSON.stringify(text)}}\n`, 'utf8')
  ])
}

/**
 * A summary is a few KiB (the key and failure message are bounded by the input limits); a reader
 * never holds more than this of an object, so a corrupt or foreign object cannot exhaust memory.
 */
export const maxSummaryBytes = 1024 * 1024

/**
 * The processed event of a document from the results bucket, or undefined when it has no outcome
 * yet. Reads the result object only up to the end of its summary; falls back to the summary.json
 * of processors before the single result object. S3 errors propagate as they are.
 */
export async function readOutcomeSummary (s3: Client, bucket: string, documentId: string): Promise<DocumentProcessed | undefined> {
  return await readSummary(s3, bucket, resultKey(documentId), summaryOpening) ??
    await readSummary(s3, bucket, legacySummaryKey(documentId), Buffer.alloc(0))
}

/** `opening`: the bytes before the summary (none in a legacy summary.json, which is the summary). */
async function readSummary (s3: Client, bucket: string, key: string, opening: Buffer): Promise<DocumentProcessed | undefined> {
  const summaryStart = opening.byteLength
  let stream
  try {
    stream = await s3.getObject(bucket, key)
  } catch (error) {
    if ((error as { code?: string }).code === 'NoSuchKey') return undefined
    throw error
  }
  const scanner = new JsonValueEnd()
  const chunks: Buffer[] = []
  let read = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      const scanFrom = Math.max(0, summaryStart - read)
      read += chunk.byteLength
      if (scanFrom >= chunk.byteLength) continue
      const end = scanner.feed(chunk, scanFrom)
      if (end !== undefined) {
        const bytes = Buffer.concat(chunks)
        if (!bytes.subarray(0, summaryStart).equals(opening)) break
        return parse(bytes.subarray(summaryStart, read - chunk.byteLength + end), key)
      }
      if (read - summaryStart > maxSummaryBytes) break
    }
  } finally {
    // Stops the download of the text that follows the summary.
    stream.destroy()
  }
  throw new SluiceError('RESULT_UNREADABLE', `${key} holds no complete summary within its first ${maxSummaryBytes} bytes.`)
}

function parse (bytes: Buffer, key: string): DocumentProcessed {
  if (bytes.byteLength > maxSummaryBytes) throw new SluiceError('RESULT_UNREADABLE', `The summary in ${key} is larger than ${maxSummaryBytes} bytes.`)
  try {
    return JSON.parse(bytes.toString('utf8')) as DocumentProcessed
  } catch (error) {
    throw new SluiceError('RESULT_UNREADABLE', `The summary in ${key} is not JSON: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * Finds where the JSON object or array that starts the input ends, fed chunk by chunk. It works
 * on UTF-8 bytes: the bytes it looks for (quotes, backslashes, brackets) never occur inside a
 * multi-byte character.
 */
export class JsonValueEnd {
  #depth = 0
  #inString = false
  #escaped = false

  /** Returns the index in `chunk` just past the value's last byte, or undefined if it goes on. */
  feed (chunk: Uint8Array, from = 0): number | undefined {
    for (let index = from; index < chunk.length; index++) {
      const byte = chunk[index]
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false
        else if (byte === 0x5c) this.#escaped = true
        else if (byte === 0x22) this.#inString = false
        continue
      }
      if (byte === 0x22) this.#inString = true
      else if (byte === 0x7b || byte === 0x5b) this.#depth++
      else if (byte === 0x7d || byte === 0x5d) {
        this.#depth--
        if (this.#depth === 0) return index + 1
      }
    }
    return undefined
  }
}
