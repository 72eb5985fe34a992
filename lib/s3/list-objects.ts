// ListObjectsV2 that returns object keys exactly as stored, on any S3 server. The minio client
// asks for `encoding-type=url` and then always URL-decodes the keys; versitygw ignores that
// parameter and sends raw keys, so the client turns "a+b 100%25.pdf" into "a b 100%.pdf" (and
// throws on a lone "%"). Here keys are decoded only when the server says it encoded them.
import type { Client } from 'minio'

export interface ListedObject {
  key: string
  eTag: string
  size: number
  lastModified: Date | undefined
}

export interface ListPage {
  objects: ListedObject[]
  nextContinuationToken: string | undefined
}

export async function * listObjects (s3: Client, bucket: string, prefix = '', pageSize = 1000): AsyncGenerator<ListedObject> {
  let token: string | undefined
  do {
    // Same parameter order as the minio client's own listing, which it signs correctly.
    const query = [
      'list-type=2',
      'encoding-type=url',
      `prefix=${queryEscape(prefix)}`,
      'delimiter=',
      `max-keys=${pageSize}`,
      ...(token === undefined ? [] : [`continuation-token=${queryEscape(token)}`])
    ].join('&')
    const response = await s3.makeRequestAsync({ method: 'GET', bucketName: bucket, query }, '', [200])
    const chunks: Buffer[] = []
    for await (const chunk of response) chunks.push(chunk as Buffer)
    const page = parseListPage(Buffer.concat(chunks).toString('utf8'))
    yield * page.objects
    token = page.nextContinuationToken
  } while (token !== undefined)
}

/** Parses one ListBucketResult page (pure, so it is unit-tested without a server). */
export function parseListPage (xml: string): ListPage {
  const urlEncoded = elementText(xml, 'EncodingType')?.toLowerCase() === 'url'
  const decodeKey = (raw: string): string => urlEncoded ? decodeURIComponent(raw.replace(/\+/g, ' ')) : raw
  const objects: ListedObject[] = []
  for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const block = match[1] as string
    const key = elementText(block, 'Key')
    if (key === undefined) continue
    const lastModified = elementText(block, 'LastModified')
    objects.push({
      key: decodeKey(key),
      eTag: (elementText(block, 'ETag') ?? '').replace(/^"+|"+$/g, ''),
      size: Number(elementText(block, 'Size') ?? 0),
      lastModified: lastModified === undefined ? undefined : new Date(lastModified)
    })
  }
  const truncated = elementText(xml, 'IsTruncated') === 'true'
  return { objects, nextContinuationToken: truncated ? elementText(xml, 'NextContinuationToken') : undefined }
}

function elementText (xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)
  return match === null ? undefined : decodeXmlEntities(match[1] as string)
}

function decodeXmlEntities (text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_entity, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16))
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[body] as string
  })
}

/** RFC 3986 escaping as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function queryEscape (value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
}
