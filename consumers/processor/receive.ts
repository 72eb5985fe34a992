// Turns a raw message of the received topic into a DocumentReceived event, or says why it is
// unusable. A registry outage is transient (retried); bytes that are not a Sluice event are
// not, and go straight to the dead-letter topic so they never block their partition.
import type { DeadLetterCode } from '../../lib/errors.ts'
import type { DocumentReceived } from '../../lib/events/types.ts'
import type { EventCodec } from '../../lib/registry/codec.ts'
import { isTransient } from '../../lib/retry/transient.ts'

export class UnusableMessage extends Error {
  readonly code: DeadLetterCode
  readonly documentId: string | null
  constructor (code: DeadLetterCode, message: string, documentId: string | null = null) {
    super(message)
    this.name = 'UnusableMessage'
    this.code = code
    this.documentId = documentId
  }
}

export async function decodeReceived (codec: EventCodec, value: Buffer | null): Promise<DocumentReceived> {
  if (value === null || value.byteLength === 0) throw new UnusableMessage('undecodable', 'the message has no value')
  let decoded: unknown
  try {
    decoded = await codec.decode('received', value)
  } catch (error) {
    if (isTransient(error)) throw error
    throw new UnusableMessage('undecodable', `not a Confluent-framed Avro event with a known schema: ${(error as Error)?.message ?? String(error)}`)
  }
  return validateReceived(decoded)
}

/** A known schema id can still belong to another event kind; check the fields the processor relies on. */
export function validateReceived (decoded: unknown): DocumentReceived {
  const event = decoded as Partial<DocumentReceived> | null
  const documentId = typeof event?.documentId === 'string' ? event.documentId : null
  if (event === null || typeof event !== 'object' || documentId === null) {
    throw new UnusableMessage('invalid_event', 'the event has no documentId: it is not a DocumentReceived event')
  }
  if (!isSafeDocumentId(documentId)) {
    throw new UnusableMessage('invalid_event', 'the documentId is empty, longer than 200 characters, or contains "/", ".." or control characters', null)
  }
  if (typeof event.bucket !== 'string' || event.bucket === '' || typeof event.key !== 'string' || event.key === '' || typeof event.receivedAt !== 'number') {
    throw new UnusableMessage('invalid_event', 'the event lacks bucket, key or receivedAt: it is not a DocumentReceived event', documentId)
  }
  return event as DocumentReceived
}

/** Result keys are built from the id, so it must not be able to point outside its own folder. */
function isSafeDocumentId (documentId: string): boolean {
  // eslint-disable-next-line no-control-regex
  return documentId.length > 0 && documentId.length <= 200 && !documentId.includes('/') && !documentId.includes('..') && !/[\u0000-\u001f\u007f]/.test(documentId)
}
