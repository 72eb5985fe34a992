import { test } from 'node:test'
import assert from 'node:assert/strict'
import { documentIdFromReply } from '../../../../bench/load/doors.ts'

test('the document id is read from the API reply', () => {
  const id = '4b0c2f7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f'
  assert.equal(documentIdFromReply(JSON.stringify({ documents: [{ documentId: id, statusUrl: `/v1/documents/${id}` }] })), id)
  assert.throws(() => documentIdFromReply(JSON.stringify({ documents: [] })), /no document id/)
})
