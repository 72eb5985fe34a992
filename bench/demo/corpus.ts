// The demo's documents: the seeded sample corpus (mostly 1-page, some 5- and 20-page, a few
// 100-page documents, so the stage timings have something to show) and two deliberately broken
// files whose failure reasons are known in advance.
import { generateDocuments } from '../corpus/index.ts'
import type { Document } from '../load/send.ts'

const demoPageCounts = [
  ...Array.from({ length: 49 }, (_, index) => index % 10 === 4 ? 5 : index % 25 === 9 ? 20 : 1),
  100
]

export interface DemoCorpus { documents: Document[], planted: Array<{ name: string, type: string, value: string }> }

export async function generateDemoCorpus (count: number, seed: string): Promise<DemoCorpus> {
  const documents: Document[] = []
  const planted: DemoCorpus['planted'] = []
  for await (const document of generateDocuments({ count, seed, pageCounts: demoPageCounts })) {
    documents.push({ name: document.file, bytes: document.bytes })
    for (const entry of document.planted) planted.push({ name: document.file, type: entry.type, value: entry.value })
  }
  return { documents, planted }
}

export interface BadDocument { name: string, bytes: Uint8Array, reason: string }

export const badDocuments: BadDocument[] = [
  { name: 'broken-not-a-pdf.pdf', bytes: new TextEncoder().encode('This is a plain text file with a .pdf name.\n'), reason: 'not_pdf' },
  {
    name: 'broken-truncated.pdf',
    bytes: new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Par'),
    reason: 'corrupt'
  }
]
