// Every object Sluice writes outside the originals: the whole results bucket (each document's
// result object: summary and redacted text) and the inbox's internal prefix (idempotency records). Each object's key, user
// metadata and content are searched, one object in memory at a time.
import type { Client } from 'minio'
import { reservedPrefixes } from '../ingest/object-keys.ts'
import { listObjects } from '../s3/list-objects.ts'
import type { Matcher } from './matcher.ts'
import type { ReportBuilder } from './report.ts'

export interface ObjectArea { bucket: string, prefix: string }

export interface ObjectScanContext {
  s3: Client
  matcher: Matcher
  report: ReportBuilder
  /** Only objects modified at or after this (ms); 0 reads all. */
  sinceMs: number
  progress: (line: string) => void
}

/** The areas of the object store that hold Sluice's outputs (the rest of the inbox is originals). */
export function outputAreas (buckets: { inboxBucket: string, resultsBucket: string }): ObjectArea[] {
  return [
    { bucket: buckets.resultsBucket, prefix: '' },
    { bucket: buckets.inboxBucket, prefix: reservedPrefixes.internal }
  ]
}

const progressEvery = 2000

export async function scanObjects (context: ObjectScanContext, area: ObjectArea): Promise<void> {
  const place = `objects s3://${area.bucket}/${area.prefix}`
  const { s3, matcher, report } = context
  report.place(place, 'objects')
  if (!await s3.bucketExists(area.bucket)) return
  let read = 0
  for await (const object of listObjects(s3, area.bucket, area.prefix)) {
    if (context.sinceMs > 0 && object.lastModified !== undefined && object.lastModified.getTime() < context.sinceMs) continue
    const at = `s3://${area.bucket}/${object.key}`
    report.scanned(place, 'objects')
    report.matches(place, 'objects', `${at} (key)`, matcher.find(object.key))
    const head = await s3.statObject(area.bucket, object.key).catch(() => undefined)
    if (head !== undefined) report.matches(place, 'objects', `${at} (user metadata)`, matcher.find(JSON.stringify(head.metaData)))
    const content = await readObject(s3, area.bucket, object.key)
    if (content !== undefined) report.matches(place, 'objects', at, matcher.find(content))
    if (++read % progressEvery === 0) context.progress(`${place}: ${read} objects read`)
  }
}

async function readObject (s3: Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const chunks: Buffer[] = []
    for await (const chunk of await s3.getObject(bucket, key)) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  } catch (error) {
    // Deleted between the listing and the read: nothing left to leak.
    if ((error as { code?: string }).code === 'NoSuchKey') return undefined
    throw error
  }
}
