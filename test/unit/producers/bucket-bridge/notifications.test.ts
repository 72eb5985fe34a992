import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseNotification, UndecodableNotification, unescapeQueryStyle } from '../../../../producers/bucket-bridge/notifications.ts'

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

function versitygw (eventName: string, key: string): Buffer {
  return json({ Records: [{ eventVersion: '2.2', eventSource: 'aws:s3', eventName, s3: { bucket: { name: 'inbox' }, object: { key, size: 10, eTag: '"abc"', sequencer: '1' } } }] })
}

test('versitygw put and multipart-complete events are created objects', () => {
  for (const eventName of ['s3:ObjectCreated:Put', 's3:ObjectCreated:CompleteMultipartUpload', 's3:ObjectCreated:Copy', 's3:ObjectCreated:Post']) {
    const parsed = parseNotification(versitygw(eventName, 'reports/a.pdf'))
    assert.deepEqual(parsed, { kind: 'records', ignored: 0, created: [{ eventName, bucket: 'inbox', keyCandidates: ['reports/a.pdf'], eTag: '"abc"' }] })
  }
})

test('a percent-escaped versitygw key is tried as sent, then decoded', () => {
  const parsed = parseNotification(versitygw('s3:ObjectCreated:Put', 'Q1%20r%C3%A9sum%C3%A9.pdf'))
  assert.equal(parsed.kind, 'records')
  assert.deepEqual(parsed.kind === 'records' && parsed.created[0]?.keyCandidates, ['Q1%20r%C3%A9sum%C3%A9.pdf', 'Q1 résumé.pdf'])
  const literal = parseNotification(versitygw('s3:ObjectCreated:Put', 'Q1 résumé + 100%.pdf'))
  assert.deepEqual(literal.kind === 'records' && literal.created[0]?.keyCandidates, ['Q1 résumé + 100%.pdf'])
})

test('MinIO keys are unescaped query-style (+ is a space)', () => {
  const parsed = parseNotification(json({
    EventName: 's3:ObjectCreated:Put',
    Key: 'inbox/Q1+r%C3%A9sum%C3%A9+%2B+more.pdf',
    Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'inbox' }, object: { key: 'Q1+r%C3%A9sum%C3%A9+%2B+more.pdf', size: 5, eTag: 'e1', contentType: 'application/pdf' } } }]
  }))
  assert.deepEqual(parsed.kind === 'records' && parsed.created[0]?.keyCandidates, ['Q1 résumé + more.pdf'])
  assert.equal(unescapeQueryStyle('bad%zz+key'), 'bad%zz+key')
})

test('test events, deletes and tagging are ignored', () => {
  assert.deepEqual(parseNotification(json({ Service: 'S3', Event: 's3:TestEvent', Bucket: 'Test-Bucket' })), { kind: 'test' })
  assert.deepEqual(parseNotification(versitygw('s3:ObjectRemoved:Delete', 'a.pdf')), { kind: 'records', created: [], ignored: 1 })
  assert.deepEqual(parseNotification(versitygw('s3:ObjectTagging:Put', 'a.pdf')), { kind: 'records', created: [], ignored: 1 })
})

test('undecodable notifications carry a reason', () => {
  const reasonOf = (value: Buffer | null): string => {
    try {
      parseNotification(value)
    } catch (error) {
      assert.ok(error instanceof UndecodableNotification)
      return error.reason
    }
    return 'parsed'
  }
  assert.equal(reasonOf(Buffer.from('{not json')), 'invalid_json')
  assert.equal(reasonOf(null), 'invalid_json')
  assert.equal(reasonOf(json([1, 2])), 'unknown_shape')
  assert.equal(reasonOf(json({ hello: 'world' })), 'unknown_shape')
  assert.equal(reasonOf(json({ Records: [{ s3: {} }] })), 'missing_fields')
  assert.equal(reasonOf(json({ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] })), 'missing_fields')
})
