// Streams a document into the object store while hashing it, with memory bounded by one part
// (5 MiB, the smallest S3 multipart part): small documents go up in a single PUT, larger ones
// as a multipart upload fed part by part. The PDF header (lib/ingest/pdf-signature.ts) is checked
// before anything is written,
// and reading stops as soon as the size limit is passed.
import { createHash } from 'node:crypto'
import type { Client } from 'minio'
import { SluiceError } from '../errors.ts'
import { hasPdfHeader, notPdfMessage, pdfHeaderWindow } from './pdf-signature.ts'

const partBytes = 5 * 1024 * 1024

export interface StreamUploadOptions {
  bucket: string
  key: string
  maxBytes: number
  contentType: string
  /** Stored as x-amz-meta-* headers. Values must be ASCII (S3 header rules): encode them first. */
  metadata?: Record<string, string>
}

export interface StoredObject {
  size: number
  sha256: string
}

/**
 * Throws SluiceError 'EMPTY' (no bytes), 'NOT_PDF' (bad header), 'TOO_LARGE' (more than maxBytes;
 * the source is abandoned unread) or 'SERVICE_UNAVAILABLE' (the object store failed). Nothing is
 * left in the bucket when it throws.
 */
export async function uploadDocumentStream (s3: Client, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: StreamUploadOptions): Promise<StoredObject> {
  const hash = createHash('sha256')
  const headers = { 'Content-Type': options.contentType, ...prefixMetadata(options.metadata ?? {}) }
  let pending: Buffer[] = []
  let pendingBytes = 0
  let size = 0
  let checked = false
  let multipart: MultipartUpload | undefined
  try {
    for await (const chunk of source) {
      size += chunk.length
      if (size > options.maxBytes) {
        throw new SluiceError('TOO_LARGE', `the document is larger than the limit of ${options.maxBytes} bytes`)
      }
      hash.update(chunk)
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))
      pendingBytes += chunk.length
      if (!checked && pendingBytes >= pdfHeaderWindow) {
        assertPdf(Buffer.concat(pending))
        checked = true
      }
      if (pendingBytes >= partBytes) {
        multipart ??= await MultipartUpload.start(s3, options.bucket, options.key, headers)
        await multipart.add(Buffer.concat(pending))
        pending = []
        pendingBytes = 0
      }
    }
    if (size === 0) throw new SluiceError('EMPTY', 'the document has no bytes')
    if (!checked) assertPdf(Buffer.concat(pending))
    if (multipart === undefined) {
      await storage(async () => s3.putObject(options.bucket, options.key, Buffer.concat(pending), size, headers))
    } else {
      if (pendingBytes > 0) await multipart.add(Buffer.concat(pending))
      await multipart.complete()
    }
  } catch (error) {
    await multipart?.abort()
    throw error
  }
  return { size, sha256: hash.digest('hex') }
}

function assertPdf (head: Buffer): void {
  if (!hasPdfHeader(head)) throw new SluiceError('NOT_PDF', notPdfMessage)
}

function prefixMetadata (metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`X-Amz-Meta-${name}`, value]))
}

/** Maps any object-store failure (refused connection, 5xx, throttling) to one code the doors turn into 503. */
export async function storage<T> (action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof SluiceError) throw error
    throw new SluiceError('SERVICE_UNAVAILABLE', `object store failed: ${(error as Error).message}`, { cause: error })
  }
}

// Not minio's putObject(stream): for a stream of unknown size it buffers 64 MiB parts (not 5 MiB),
// resumes any earlier unfinished upload of the same key, and never aborts the upload when the
// stream fails, so the memory bound and the "nothing left behind" guarantee would be lost.
class MultipartUpload {
  private readonly s3: Client
  private readonly bucket: string
  private readonly key: string
  private readonly uploadId: string
  private readonly parts: Array<{ part: number, etag: string }> = []

  private constructor (s3: Client, bucket: string, key: string, uploadId: string) {
    this.s3 = s3
    this.bucket = bucket
    this.key = key
    this.uploadId = uploadId
  }

  static async start (s3: Client, bucket: string, key: string, headers: Record<string, string>): Promise<MultipartUpload> {
    const uploadId = await storage(async () => s3.initiateNewMultipartUpload(bucket, key, headers))
    return new MultipartUpload(s3, bucket, key, uploadId)
  }

  async add (bytes: Buffer): Promise<void> {
    const partNumber = this.parts.length + 1
    const { etag } = await storage(async () => this.s3.uploadPart({
      bucketName: this.bucket,
      objectName: this.key,
      uploadID: this.uploadId,
      partNumber,
      headers: { 'Content-Length': bytes.length }
    }, bytes))
    this.parts.push({ part: partNumber, etag })
  }

  async complete (): Promise<void> {
    await storage(async () => this.s3.completeMultipartUpload(this.bucket, this.key, this.uploadId, this.parts))
  }

  async abort (): Promise<void> {
    // Best effort: an unfinished multipart upload is invisible to listings and readers.
    await this.s3.abortMultipartUpload(this.bucket, this.key, this.uploadId).catch(() => {})
  }
}
