// The demo's documents: the seeded sample corpus (mostly 1-page, some 5- and 20-page, a few
// 100-page documents, so the stage timings have something to show) and two deliberately broken
// files whose failure reasons are known in advance. Personal data is planted around the text
// too, where callers put it: in file names (which the bucket door turns into object keys) and
// in the upload's form fields and the publish metadata.
import { person } from '../corpus/filler.ts'
import { generateDocuments } from '../corpus/index.ts'
import { labelledValue, type PlantedType } from '../corpus/personal-data.ts'
import { createRandom } from '../corpus/random.ts'
import type { Document } from '../load/send.ts'

const demoPageCounts = [
  ...Array.from({ length: 49 }, (_, index) => index % 10 === 4 ? 5 : index % 25 === 9 ? 20 : 1),
  100
]

/** Every planted value and the document it went in with; `type` is open, so any kind of value fits. */
export interface DemoCorpus { documents: Document[], planted: Array<{ name: string, type: string, value: string }> }

const callerTypes = ['EMAIL_ADDRESS', 'US_SSN', 'PHONE_NUMBER', 'IBAN_CODE', 'CREDIT_CARD', 'IP_ADDRESS'] as const satisfies readonly PlantedType[]

interface CallerData { name: string, fields: Record<string, string>, planted: Array<{ type: string, value: string }> }

/**
 * A file name and form fields carrying personal data of one made-up owner, seeded like the
 * corpus: `<file>_<email>_<ssn>.pdf`, and fields with a phone number, an IBAN, a card number
 * as a field name, and an IP address.
 */
export function callerData (seed: string, file: string): CallerData {
  const random = createRandom(`${seed}/caller/${file}`)
  const owner = person(random)
  const value = Object.fromEntries(callerTypes.map((type) => [type, labelledValue(type, random, owner).value])) as Record<typeof callerTypes[number], string>
  // Field names allow only letters, digits, "_", "." and "-" (lib/ingest/limits.ts): the card
  // number in a field name is written without its spaces, and planted as written.
  value.CREDIT_CARD = value.CREDIT_CARD.replace(/\D/g, '')
  return {
    name: `${file.replace(/\.pdf$/, '')}_${value.EMAIL_ADDRESS}_${value.US_SSN}.pdf`,
    fields: { contact: value.PHONE_NUMBER, iban: value.IBAN_CODE, [`card_${value.CREDIT_CARD}`]: 'on file', client_ip: value.IP_ADDRESS },
    planted: callerTypes.map((type) => ({ type, value: value[type] }))
  }
}

export async function generateDemoCorpus (count: number, seed: string): Promise<DemoCorpus> {
  const documents: Document[] = []
  const planted: DemoCorpus['planted'] = []
  for await (const document of generateDocuments({ count, seed, pageCounts: demoPageCounts })) {
    const caller = callerData(seed, document.file)
    documents.push({ name: caller.name, bytes: document.bytes, fields: caller.fields })
    for (const entry of [...document.planted, ...caller.planted]) planted.push({ name: caller.name, type: entry.type, value: entry.value })
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
