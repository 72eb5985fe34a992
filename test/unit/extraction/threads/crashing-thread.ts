// A pool task whose thread dies mid-document, as it would on a fatal native error.
import process from 'node:process'

export function extractAndRedact (): never {
  process.exit(70)
}
