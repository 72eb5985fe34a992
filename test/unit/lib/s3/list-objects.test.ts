import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseListPage } from '../../../../lib/s3/list-objects.ts'

const contents = (key: string): string =>
  `<Contents><Key>${key}</Key><LastModified>2026-11-29T12:40:02.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>858</Size><StorageClass>STANDARD</StorageClass></Contents>`

test('raw keys (server ignored encoding-type, like versitygw) are kept literally, XML entities decoded', () => {
  const page = parseListPage(`<?xml version="1.0"?><ListBucketResult><Name>b</Name>${contents('plus+sign 100%25 &amp; &lt;x&gt; r&#233;sum&#xE9;.pdf')}${contents('100% done.pdf')}<IsTruncated>false</IsTruncated></ListBucketResult>`)
  assert.deepEqual(page.objects.map((object) => object.key), ['plus+sign 100%25 & <x> résumé.pdf', '100% done.pdf'])
  assert.deepEqual(page.objects[0], { key: 'plus+sign 100%25 & <x> résumé.pdf', eTag: 'abc', size: 858, lastModified: new Date('2026-11-29T12:40:02.000Z') })
  assert.equal(page.nextContinuationToken, undefined)
})

test('url-encoded keys (AWS, MinIO) are decoded, + meaning space', () => {
  const page = parseListPage(`<ListBucketResult><EncodingType>url</EncodingType>${contents('plus%2Bsign+100%2525+r%C3%A9sum%C3%A9.pdf')}<IsTruncated>true</IsTruncated><NextContinuationToken>tok/en==</NextContinuationToken></ListBucketResult>`)
  assert.deepEqual(page.objects.map((object) => object.key), ['plus+sign 100%25 résumé.pdf'])
  assert.equal(page.nextContinuationToken, 'tok/en==')
})

test('an empty listing has no objects', () => {
  assert.deepEqual(parseListPage('<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>'), { objects: [], nextContinuationToken: undefined })
})
