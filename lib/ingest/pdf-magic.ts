// Whether bytes are a PDF is decided by the header every PDF starts with, never by a file name.
const pdfMagic = Buffer.from('%PDF-', 'latin1')

export const pdfMagicLength = pdfMagic.length

export function startsWithPdfMagic (bytes: Uint8Array): boolean {
  return bytes.length >= pdfMagic.length && pdfMagic.every((byte, index) => bytes[index] === byte)
}
