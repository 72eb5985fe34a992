// Expands the command line's files, directories and globs into file paths, lazily: the list is
// streamed so that 10,000 (or a million) files never sit in memory at once.
import { glob, opendir, stat } from 'node:fs/promises'
import { join } from 'node:path'

export type InputEntry = { path: string } | { path: string, problem: string }

export async function * expandInputs (inputs: readonly string[]): AsyncGenerator<InputEntry> {
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (info?.isFile() === true) {
      yield { path: input }
    } else if (info?.isDirectory() === true) {
      yield * walk(input)
    } else if (/[*?[{]/.test(input)) {
      for await (const path of glob(input)) {
        const entryInfo = await stat(path).catch(() => undefined)
        if (entryInfo?.isFile() === true) yield { path }
        else if (entryInfo?.isDirectory() === true) yield * walk(path)
      }
    } else {
      yield { path: input, problem: 'no such file, directory or matching glob' }
    }
  }
}

async function * walk (directory: string): AsyncGenerator<InputEntry> {
  const entries = await opendir(directory)
  for await (const entry of entries) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) yield * walk(path)
    else if (entry.isFile()) yield { path }
  }
}
