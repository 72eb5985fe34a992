// Paths of the repository's own files for tests, independent of where a test file sits in test/.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repositoryRoot = path.resolve(fileURLToPath(import.meta.url), '../../..')

/** The absolute path of a file or folder given relative to the repository root. */
export function repositoryPath (...parts: string[]): string {
  return path.join(repositoryRoot, ...parts)
}
