import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { eventKinds, type EventKind } from './types.ts'

const schemaDirectory = fileURLToPath(new URL('../../schemas/avro/', import.meta.url))

/** The Avro schema text of an event kind, exactly as it is registered. */
export async function readEventSchema (kind: EventKind): Promise<string> {
  return readFile(schemaDirectory + eventKinds[kind].schemaFile, 'utf8')
}
