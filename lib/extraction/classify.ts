// Decides what kind of bad input a document is, so every failure ends with a stable reason
// code instead of a stack trace. Cheap checks on the bytes run before pdf.js is involved.
import { SluiceError } from '../errors.ts'

/** PDF readers accept a header that starts anywhere in the first 1024 bytes (leading junk is common). */
const headerWindow = 1024
const header = [0x25, 0x50, 0x44, 0x46, 0x2d] // "%PDF-"

export function checkPdfBytes (data: Uint8Array): void {
  if (data.byteLength === 0) throw new SluiceError('EMPTY', 'The document is empty (0 bytes).', { hint: 'Check that the upload or copy completed.' })
  if (findHeader(data) < 0) {
    throw new SluiceError('NOT_PDF', `The document is not a PDF: no "%PDF-" header in its first ${headerWindow} bytes.`, { hint: 'Only PDF documents can be extracted.' })
  }
}

function findHeader (data: Uint8Array): number {
  const end = Math.min(data.byteLength, headerWindow) - header.length
  for (let start = 0; start <= end; start++) {
    let index = 0
    while (index < header.length && data[start + index] === header[index]) index++
    if (index === header.length) return start
  }
  return -1
}

/** Errors of pdf.js's own data loading are our installation's fault, not the document's. */
const installationProblem = /Unable to load (CMap|font data|binary data)|standardFontDataUrl|cMapUrl/i

export function classifyPdfJsError (error: unknown): SluiceError {
  if (error instanceof SluiceError) return error
  const name = (error as { name?: unknown })?.name
  const message = (error as { message?: unknown })?.message
  const detail = typeof message === 'string' ? message : String(error)
  if (name === 'PasswordException') {
    return new SluiceError('ENCRYPTED', 'The PDF is encrypted with a password.', { hint: 'Remove the password before submitting it.', cause: error })
  }
  if (installationProblem.test(detail)) {
    return new SluiceError('INTERNAL', `pdf.js could not load its own data files: ${detail}`, { hint: 'Reinstall dependencies (npm ci).', cause: error })
  }
  // Anything else pdf.js throws while parsing (InvalidPDFException, FormatError,
  // UnknownErrorException, or a TypeError deep in a parser fed garbage) means this file is unreadable.
  return new SluiceError('CORRUPT', `The PDF is damaged and cannot be read: ${detail}`, { hint: 'Re-export or repair the PDF and submit it again.', cause: error })
}
