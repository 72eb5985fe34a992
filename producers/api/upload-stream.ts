// Reads the documents of one upload request (a raw PDF body or multipart/form-data with one or
// more files) and streams each into the inbox bucket under the API's reserved prefix. Either all
// documents of the request are stored or none: on any failure the ones already stored are removed.
import type { Readable } from 'node:stream'
import { parse as parseContentDisposition } from 'content-disposition'
import type { FastifyRequest } from 'fastify'
import type { Client } from 'minio'
import { isSluiceError } from '../../lib/errors.ts'
import { checkField, checkFileName, checkMetadata } from '../../lib/ingest/limits.ts'
import { apiObjectKey } from '../../lib/ingest/object-keys.ts'
import { uploadDocumentStream } from '../../lib/ingest/stream-upload.ts'
import { ApiError, toApiError } from './errors.ts'

export interface StoredUpload {
  documentId: string
  key: string
  fileName: string
  size: number
  sha256: string
  contentType: string
  metadata: Record<string, string>
}

export interface UploadTarget {
  s3: Client
  bucket: string
  maxBytes: number
  documentIdFor: (index: number) => string
  /** Called for each document read, stored or not: bytes read and seconds spent (metrics). */
  observe: (bytes: number, seconds: number) => void
  /** Called with documents that could not be removed after a failure (logged for the operator). */
  orphaned: (stored: StoredUpload[]) => void
}

export function isMultipart (request: FastifyRequest): boolean {
  return request.isMultipart()
}

export async function storeRawUpload (request: FastifyRequest, target: UploadTarget): Promise<StoredUpload[]> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > target.maxBytes) {
    throw new ApiError('TOO_LARGE', `The document (${declared} bytes) is larger than the limit of ${target.maxBytes} bytes.`)
  }
  const body = request.body as Readable | undefined
  if (body === undefined || declared === 0) throw new ApiError('EMPTY_BODY')
  const fileName = fileNameFromDisposition(request.headers['content-disposition']) ?? fileNameFromHeader(request.headers['x-file-name']) ?? 'document.pdf'
  checkFileName(fileName)
  const stored: StoredUpload[] = []
  try {
    stored.push(await storeOne(body, fileName, {}, 0, target))
  } catch (error) {
    const apiError = toApiError(error, 'storage')
    // A raw body with no bytes is an empty request, not an empty file in a form.
    throw apiError.code === 'EMPTY_FILE' ? new ApiError('EMPTY_BODY') : apiError
  }
  return stored
}

export async function storeMultipartUpload (request: FastifyRequest, target: UploadTarget): Promise<StoredUpload[]> {
  const stored: StoredUpload[] = []
  const metadata: Record<string, string> = {}
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // The parser cuts names and values one byte past the limits, so a cut one broke a limit.
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value)
        if (part.fieldnameTruncated) throw new ApiError('FIELD_NAME_INVALID')
        if (part.valueTruncated) throw new ApiError('FIELD_TOO_LARGE', `The field "${part.fieldname}" is larger than 1 KiB.`)
        checkField(part.fieldname, value)
        metadata[part.fieldname] = value
        checkMetadata(metadata)
        continue
      }
      const fileName = part.filename || `document-${stored.length + 1}.pdf`
      checkFileName(fileName)
      stored.push(await storeOne(part.file, fileName, metadata, stored.length, target))
      if (part.file.truncated) throw new ApiError('TOO_LARGE')
    }
    if (stored.length === 0) throw new ApiError('EMPTY_BODY', 'The multipart body contains no file part.')
    return stored
  } catch (error) {
    if (!await removeStored(target, stored)) target.orphaned(stored)
    // SluiceErrors come from the document checks or the object store; anything else from the parser.
    throw toApiError(error, isSluiceError(error) ? 'storage' : 'multipart')
  }
}

/** Removes stored documents of a request that is not accepted; false when the object store refused. */
export async function removeStored (target: Pick<UploadTarget, 's3' | 'bucket'>, stored: StoredUpload[]): Promise<boolean> {
  if (stored.length === 0) return true
  try {
    await target.s3.removeObjects(target.bucket, stored.map((upload) => upload.key))
    return true
  } catch {
    return false
  }
}

async function storeOne (source: AsyncIterable<Uint8Array>, fileName: string, metadata: Record<string, string>, index: number, target: UploadTarget): Promise<StoredUpload> {
  const documentId = target.documentIdFor(index)
  const key = apiObjectKey(documentId)
  const started = performance.now()
  let counted = 0
  const counting = (async function * () {
    for await (const chunk of source) {
      counted += chunk.length
      yield chunk
    }
  })()
  try {
    const { size, sha256 } = await uploadDocumentStream(target.s3, counting, {
      bucket: target.bucket,
      key,
      maxBytes: target.maxBytes,
      contentType: 'application/pdf',
      metadata: { 'document-id': documentId, 'file-name': encodeURIComponent(fileName) }
    })
    return { documentId, key, fileName, size, sha256, contentType: 'application/pdf', metadata: { ...metadata, fileName } }
  } finally {
    target.observe(counted, (performance.now() - started) / 1000)
  }
}

/** `X-File-Name: <percent-encoded name>`, the simple alternative to Content-Disposition. */
function fileNameFromHeader (header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header === '') return undefined
  try {
    return decodeURIComponent(header)
  } catch {
    return header
  }
}

/** RFC 6266 `filename` or `filename*` (preferred); a header that does not parse names no file. */
function fileNameFromDisposition (header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  try {
    return parseContentDisposition(header).parameters.filename
  } catch {
    return undefined
  }
}
