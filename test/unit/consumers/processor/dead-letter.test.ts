import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deadLetterRecord } from '../../../../consumers/processor/dead-letter.ts'

test('a dead-letter record keeps the original key and value bytes and where they came from', () => {
  const key = Buffer.from('doc-7')
  const value = Buffer.from([0xde, 0xad, 0xbe, 0xef])
  const record = deadLetterRecord({
    sourceTopic: 'documents.received',
    sourcePartition: 3,
    message: { key, value, offset: '42', timestamp: '0', attributes: 0, headers: {} },
    documentId: null,
    errorCode: 'undecodable',
    errorMessage: 'not Avro',
    attempts: 1,
    firstFailureAt: 100,
    lastFailureAt: 100,
    host: 'box:1'
  })
  assert.deepEqual(record, {
    documentId: null,
    sourceTopic: 'documents.received',
    sourcePartition: 3,
    sourceOffset: 42,
    originalKey: key,
    originalValue: value,
    errorCode: 'undecodable',
    errorMessage: 'not Avro',
    attempts: 1,
    firstFailureAt: 100,
    lastFailureAt: 100,
    host: 'box:1'
  })
})
