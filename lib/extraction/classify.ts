// Decides what kind of bad input a document is, so every failure ends with a stable reason
// code instead of a stack trace. Cheap checks on the bytes run before pdf.js is involved.
import { SluiceError } from '../errors.ts'
import { hasPdfHeader, notPdfMessage } from '../ingest/pdf-signature.ts'

export function checkPdfBytes (data: Uint8Array): void {
  if (data.byteLength === 0) throw new SluiceError('EMPTY', 'The document is empty (0 bytes).', { hint: 'Check that the upload or copy completed.' })
  if (!hasPdfHeader(data)) throw new SluiceError('NOT_PDF', notPdfMessage, { hint: 'Only PDF documents can be extracted.' })
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
