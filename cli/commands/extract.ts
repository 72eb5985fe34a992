// `sluice extract FILE.pdf`: extraction alone, for people and benchmarks. It runs in a worker
// thread under the same wall-time limit as the processor, so a hostile file cannot hang it.
import { readFile, stat } from 'node:fs/promises'
import { exitCodes, type Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError, isSluiceError } from '../../lib/errors.ts'
import { checkPdfBytes } from '../../lib/extraction/classify.ts'
import { createExtractionPool } from '../../lib/extraction/pool.ts'

/** Codes that mean "this file cannot be extracted", as opposed to Sluice itself failing. */
const badInputCodes = new Set(['EMPTY', 'NOT_PDF', 'ENCRYPTED', 'CORRUPT', 'TOO_MANY_PAGES', 'TOO_LARGE', 'TOO_LARGE_DECODED', 'TIMEOUT', 'CRASHED'])

export const extractCommand: Command = {
  name: 'extract',
  summary: 'Extract the text of a PDF (pages separated by form feeds)',
  usage: 'sluice extract FILE.pdf [--json] [--max-pages N]',
  details: 'Prints the text of every page in reading order, pages separated by a form feed (\\f).\n' +
    'A file that cannot be extracted prints its reason (not_pdf, encrypted, corrupt, empty, too_large,\n' +
    `too_many_pages, too_large_decoded, timeout, crashed) on stderr and exits with ${exitCodes.badInput}. The wall-time limit is SLUICE_DOCUMENT_TIMEOUT, the memory budget SLUICE_DOCUMENT_MEMORY.`,
  options: {
    json: { type: 'boolean', description: 'Print {"pages": n, "text": "...", "ms": m} instead of plain text' },
    'max-pages': { type: 'string', description: 'Refuse documents with more pages (default: SLUICE_MAX_PAGES)' }
  },
  positionals: { min: 1, max: 1 },
  async run ({ values, positionals }) {
    const config = loadConfig()
    const file = positionals[0] as string
    const maxPages = integerOption('max-pages', values['max-pages'], 1) ?? config.processor.maxPages
    const size = await fileSize(file)
    if (size === undefined) {
      process.stderr.write(`sluice extract: no such file: ${file}\n  Check the path; it is read relative to ${process.cwd()}.\n`)
      return exitCodes.badInput
    }
    const pool = createExtractionPool({ threads: 1, timeoutMs: config.processor.documentTimeoutMs, memoryBudgetBytes: config.processor.documentMemoryBytes })
    try {
      if (size > config.processor.maxDocumentBytes) {
        throw new SluiceError('TOO_LARGE', `The file has ${size} bytes; the limit is ${config.processor.maxDocumentBytes}.`, { hint: 'Raise SLUICE_MAX_DOCUMENT_BYTES to extract it.' })
      }
      const data = new Uint8Array(await readFile(file))
      checkPdfBytes(data) // empty and non-PDF files fail at once, without starting pdf.js
      await pool.warmUp()
      const result = await pool.extract(data, { maxPages })
      const text = result.pages.join('\f')
      await writeStdout(values.json === true ? JSON.stringify({ pages: result.pageCount, text, ms: Math.round(result.ms * 10) / 10 }) + '\n' : text + '\n')
      return exitCodes.ok
    } catch (error) {
      if (!isSluiceError(error) || !badInputCodes.has(error.code)) throw error
      process.stderr.write(`sluice extract: ${error.code.toLowerCase()}: ${file}: ${error.message}\n`)
      if (error.hint !== undefined) process.stderr.write(`  ${error.hint}\n`)
      return exitCodes.badInput
    } finally {
      await pool.close()
    }
  }
}

async function fileSize (file: string): Promise<number | undefined> {
  try {
    const info = await stat(file)
    return info.isFile() ? info.size : undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Resolves once written; a reader that went away early (`sluice extract x.pdf | head`) is not an error. */
function writeStdout (text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The stream also emits the failure as an 'error' event after the callback; it must be handled.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') reject(error) })
    process.stdout.write(text, (error) => {
      if (error !== undefined && error !== null && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error)
      else resolve()
    })
  })
}
