import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeReceived, UnusableMessage, validateReceived } from '../../../../consumers/processor/receive.ts'
import type { EventCodec } from '../../../../lib/registry/codec.ts'

const event = { documentId: 'doc-1', source: 'api', bucket: 'inbox', key: 'a.pdf', size: 10, sha256: '', contentType: 'application/pdf', receivedAt: 1, metadata: {} }

// Stands in for the registry-backed codec; only how its failures are classified is under test here.
function codecThatThrows (error: unknown): EventCodec {
  return { encode: async () => Buffer.alloc(0), decode: async () => { throw error }, schemaId: () => 1 }
}

test('a complete DocumentReceived passes validation', () => {
  assert.deepEqual(validateReceived(event), event)
})

test('events of another kind or with unsafe ids are unusable', () => {
  const expectCode = (value: unknown, code: string): void => {
    assert.throws(() => validateReceived(value), (error) => error instanceof UnusableMessage && error.code === code)
  }
  expectCode(null, 'invalid_event')
  expectCode({ sourceTopic: 'x' }, 'invalid_event')
  expectCode({ ...event, documentId: '' }, 'invalid_event')
  expectCode({ ...event, documentId: '../../etc' }, 'invalid_event')
  expectCode({ ...event, documentId: 'a/b' }, 'invalid_event')
  expectCode({ ...event, documentId: 'x'.repeat(201) }, 'invalid_event')
  expectCode({ ...event, key: '' }, 'invalid_event')
})

test('bytes that are not a registered event are undecodable; a registry outage is transient', async () => {
  await assert.rejects(decodeReceived(codecThatThrows(new Error('Message encoded with magic byte {"type":"Buffer","data":[123]}, expected 0')), Buffer.from('{"json":true}')),
    (error) => error instanceof UnusableMessage && error.code === 'undecodable')
  await assert.rejects(decodeReceived(codecThatThrows(Object.assign(new Error('Error, status 404'), { status: 404 })), Buffer.from([0, 0, 0, 9, 9])),
    (error) => error instanceof UnusableMessage && error.code === 'undecodable')
  await assert.rejects(decodeReceived(codecThatThrows(null), null), (error) => error instanceof UnusableMessage && error.code === 'undecodable')
  const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  await assert.rejects(decodeReceived(codecThatThrows(outage), Buffer.from([0, 0, 0, 0, 1])), (error) => error === outage)
})
