// The real-world PDFs that can be mixed into a corpus: pdf.js's own test files kept beside the
// repository in ../shared/eval/pdfjs. Their expected outcome is stated here once; the
// extraction tests check that extraction really produces it for every file.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const defaultEvalDir = path.resolve(fileURLToPath(import.meta.url), '../../../../shared/eval/pdfjs')

/** What extraction yields: text, or the lowercase failure reason. */
export type ExpectedOutcome = 'text' | 'encrypted' | 'corrupt'

/**
 * Files whose outcome differs from what their manifest `kind` suggests: issue7665.pdf is
 * encrypted with an empty user password (readable by any viewer), and REDHAT-1531897-0.pdf's
 * broken cross-reference table cannot be recovered.
 */
const exceptions: Record<string, ExpectedOutcome> = { 'issue7665.pdf': 'text', 'REDHAT-1531897-0.pdf': 'corrupt' }

export function expectedOutcome (file: string, kind: string): ExpectedOutcome {
  return exceptions[file] ?? (kind === 'encrypted' ? 'encrypted' : kind === 'corrupt' ? 'corrupt' : 'text')
}
