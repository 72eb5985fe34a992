// Sets of real-world PDFs with a MANIFEST.json (pdf.js's test files): the few the repository
// carries, always there, and the whole evaluation set beside the repository
// (../shared/eval/pdfjs), which only some machines have. Tests over the latter skip with a reason.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { defaultEvalDir } from '../../bench/corpus/index.ts'
import { fixturePdfDir } from './pdfs.ts'

export interface PdfSetEntry { file: string, kind: string, sha256: string }
export interface PdfSet { name: string, dir: string, files: PdfSetEntry[] }

function loadPdfSet (name: string, dir: string): PdfSet {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'MANIFEST.json'), 'utf8')) as { files: PdfSetEntry[] }
  return { name, dir, files: manifest.files }
}

export const repositoryPdfs = loadPdfSet('the repository\'s fixtures', fixturePdfDir)

const sharedEvalPresent = existsSync(path.join(defaultEvalDir, 'MANIFEST.json'))

/** The whole evaluation set, or undefined on a machine that does not have it. */
export const sharedEvalPdfs: PdfSet | undefined = sharedEvalPresent ? loadPdfSet('the shared evaluation set', defaultEvalDir) : undefined

/** Why a test over the whole evaluation set did not run; false (run it) where the set is present. */
export const sharedEvalSkip: string | false = sharedEvalPresent ? false : `no evaluation set at ${defaultEvalDir} (../shared/eval/pdfjs beside the repository); the repository's own fixtures are tested instead`

export function readPdf (set: PdfSet, file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(set.dir, file)))
}
