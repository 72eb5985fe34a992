// Reads a document from the object store as a stream, refusing anything over the size limit
// or without a PDF header as soon as that is known, so a 5 GB video dropped in the inbox costs
// one chunk, not 5 GB.
import type { Client } from 'minio'
import { SluiceError } from '../../lib/errors.ts'
import { checkPdfBytes } from '../../lib/extraction/classify.ts'
import { pdfHeaderWindow } from '../../lib/ingest/pdf-signature.ts'

const missingCodes = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound'])

/**
 * The object's bytes in one buffer the caller owns. Throws SluiceError MISSING_OBJECT,
 * TOO_LARGE, EMPTY or NOT_PDF; network and server errors propagate unchanged (they are transient).
 */
export async function fetchDocument (s3: Client, bucket: string, key: string, maxBytes: number): Promise<Uint8Array> {
  let stream
  try {
    stream = await s3.getObject(bucket, key)
  } catch (error) {
    throw asMissing(error)
  }
  const chunks: Buffer[] = []
  let total = 0
  let headerChecked = false
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength
      if (total > maxBytes) {
        throw new SluiceError('TOO_LARGE', `The document is larger than the ${maxBytes}-byte limit.`, { hint: 'Raise SLUICE_MAX_DOCUMENT_BYTES to process larger documents.' })
      }
      chunks.push(chunk)
      if (!headerChecked && total >= pdfHeaderWindow) {
        checkPdfBytes(concat(chunks, total))
        headerChecked = true
      }
    }
  } catch (error) {
    throw asMissing(error)
  } finally {
    stream.destroy()
  }
  const data = concat(chunks, total)
  if (!headerChecked) checkPdfBytes(data)
  return data
}

/** A fresh buffer of its own (never a slice of Node's shared pool), so it can be transferred to a thread. */
function concat (chunks: Buffer[], total: number): Uint8Array {
  const data = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    data.set(chunk, offset)
    offset += chunk.byteLength
  }
  return data
}

/** The message names no bucket or key: it reaches summaries and analytics, and keys are caller strings. */
function asMissing (error: unknown): unknown {
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string' && missingCodes.has(code)) {
    return new SluiceError('MISSING_OBJECT', `The object named by the event does not exist (${code}).`, { hint: 'It was deleted after the event was published, or the event names the wrong bucket or key.', cause: error })
  }
  return error
}
