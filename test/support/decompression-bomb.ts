// A decompression bomb made at test time: a one-page PDF whose content stream is a Flate stream
// that inflates to `inflatedBytes` (1–2 GiB in the tests) while the file stays around a
// megabyte per GiB. The stream is the page's content stream, so text extraction really decodes
// it: some text first, then whitespace (NUL bytes, which the PDF lexer skips) up to the size.
import { createDeflate } from 'node:zlib'

const chunkBytes = 16 * 1024 * 1024

export async function makeDecompressionBomb (inflatedBytes: number): Promise<Uint8Array> {
  const prefix = Buffer.from('BT /F1 12 Tf 72 720 Td (decompression bomb) Tj ET\n', 'latin1')
  const stream = await deflate(prefix, inflatedBytes - prefix.byteLength)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    undefined, // the content stream, written below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let length = parts[0]!.byteLength
  const offsets: number[] = []
  const push = (part: Buffer): void => {
    parts.push(part)
    length += part.byteLength
  }
  objects.forEach((body, index) => {
    offsets.push(length)
    if (body !== undefined) {
      push(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1'))
      return
    }
    push(Buffer.from(`${index + 1} 0 obj\n<< /Length ${stream.byteLength} /Filter /FlateDecode >>\nstream\n`, 'latin1'))
    push(stream)
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'))
  })
  const xrefAt = length
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `)]
  push(Buffer.from(`${xref.join('\n')}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'))
  return new Uint8Array(Buffer.concat(parts, length))
}

/** Deflates `prefix` followed by `zeros` NUL bytes, fed in chunks so the inflated size is never held in memory. */
async function deflate (prefix: Buffer, zeros: number): Promise<Buffer> {
  const deflater = createDeflate({ level: 9 })
  const output: Buffer[] = []
  deflater.on('data', (chunk: Buffer) => output.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve)
    deflater.on('error', reject)
  })
  const zeroChunk = Buffer.alloc(chunkBytes)
  const write = async (chunk: Buffer): Promise<void> => {
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once('drain', resolve))
  }
  await write(prefix)
  for (let left = zeros; left > 0; left -= chunkBytes) await write(left >= chunkBytes ? zeroChunk : zeroChunk.subarray(0, left))
  deflater.end()
  await finished
  return Buffer.concat(output)
}
