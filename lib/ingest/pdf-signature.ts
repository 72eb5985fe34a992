// The one rule for "are these bytes a PDF", used by every door (upload API, publish CLI) and by
// the processor, so a file is never refused at one door and processed at another. The rule is
// the PDF header "%PDF-" starting anywhere in the first 1024 bytes: what pdf.js, poppler and
// Acrobat accept (ISO 32000-2 annex H notes that readers tolerate leading bytes, and real files
// carry them: mail gateways' and scanners' preambles, a BOM, stray whitespace). Accepting less
// than pdf.js would refuse documents Sluice can extract; accepting more would let anything through.
// The file name or content type never decides.

/** How far into the bytes the header may start; callers that stream read this much before deciding. */
export const pdfHeaderWindow = 1024

const header = [0x25, 0x50, 0x44, 0x46, 0x2d] // "%PDF-"

/** True when "%PDF-" starts within the first `pdfHeaderWindow` bytes of `head`. */
export function hasPdfHeader (head: Uint8Array): boolean {
  const lastStart = Math.min(head.byteLength, pdfHeaderWindow) - header.length
  for (let start = 0; start <= lastStart; start++) {
    let index = 0
    while (index < header.length && head[start + index] === header[index]) index++
    if (index === header.length) return true
  }
  return false
}

/** The reason given with NOT_PDF, the same at every door. */
export const notPdfMessage = `The document is not a PDF: no "%PDF-" header in its first ${pdfHeaderWindow} bytes.`
