// Document templates: letters, invoices, forms, table exports and multi-page reports. Every
// document plants every labelled personal-data type at least once, spread over its pages, plus
// the people's names and postal addresses the templates print (one LOCATION value per printed
// address line), and records where each value went (page number, type, exact printed value).
import { PDFDocument } from 'pdf-lib'
import { businessDate, company, paragraph, person, product, streetAddress } from './filler.ts'
import { embedFonts, pageSize, PageWriter, type Span } from './layout.ts'
import { labelledTypes, labelledValue, type LabelledType, type LabelledValue, type Person, type PlantedType } from './personal-data.ts'
import type { Random } from './random.ts'

export const documentKinds = ['letter', 'invoice', 'form', 'table', 'report'] as const
export type DocumentKind = typeof documentKinds[number]

export interface PlantedValue { page: number, type: PlantedType, value: string }

export interface BuiltDocument { bytes: Uint8Array, planted: PlantedValue[] }

/** Types that validate themselves (checksums, syntax) and so can stand in table cells without a label. */
const selfEvidentTypes: LabelledType[] = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'IP_ADDRESS', 'MAC_ADDRESS', 'CRYPTO', 'URL']

interface PageContext {
  writer: PageWriter
  random: Random
  subject: Person
  pageNumber: number
  pageCount: number
  /** Types this page must plant, in order. */
  quota: LabelledType[]
  plant: (type: LabelledType, owner?: Person) => LabelledValue
  /** Records a name or an address line the template prints, and returns it. */
  mention: (type: 'PERSON' | 'LOCATION', value: string) => string
}

export async function buildDocument (kind: DocumentKind, pageCount: number, random: Random, createdAt: Date): Promise<BuiltDocument> {
  const document = await PDFDocument.create({ updateMetadata: false })
  // Fixed metadata instead of pdf-lib's "now", so the same seed gives byte-identical files.
  document.setProducer('Sluice sample corpus generator')
  document.setCreationDate(createdAt)
  document.setModificationDate(createdAt)
  document.setTitle(`Sample ${kind}`)
  const fonts = await embedFonts(document, random.chance(0.4))
  const subject = person(random)
  const planted: PlantedValue[] = []
  const quotas = spreadTypes(random, pageCount)
  for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
    const writer = new PageWriter(document.addPage(pageSize), fonts)
    const context: PageContext = {
      writer,
      random,
      subject,
      pageNumber,
      pageCount,
      quota: quotas[pageNumber - 1] ?? [],
      plant: (type, owner = subject) => {
        const labelled = labelledValue(type, random, owner)
        planted.push({ page: pageNumber, type, value: labelled.value })
        return labelled
      },
      mention: (type, value) => {
        planted.push({ page: pageNumber, type, value })
        return value
      }
    }
    templates[kind](context)
    writer.line(`Page ${pageNumber} of ${pageCount}`, { size: 7 })
  }
  return { bytes: await document.save(), planted }
}

/** Every type once (shuffled) over the document, at least three per page, repeats after that. */
function spreadTypes (random: Random, pageCount: number): LabelledType[][] {
  const queue: LabelledType[] = random.shuffle(labelledTypes)
  const pages: LabelledType[][] = []
  for (let page = 0; page < pageCount; page++) {
    const pagesLeft = pageCount - page
    const count = Math.min(17, Math.max(3, Math.ceil(queue.length / pagesLeft)))
    while (queue.length < count) queue.push(...random.shuffle(labelledTypes))
    pages.push(queue.splice(0, count))
  }
  return pages
}

function fieldLine (context: PageContext, type: LabelledType, indent = 0): void {
  const { label, value } = context.plant(type)
  context.writer.line(`${label} ${value}`, { indent })
}

/** A sentence of prose with the planted value inside it, followed by more prose. */
function sentenceWith (context: PageContext, type: LabelledType): void {
  const { label, value } = context.plant(type)
  const spans: Span[] = [{ text: paragraph(context.random, 1) }, { text: label }, { text: value, atomic: true }, { text: `is the ${context.random.pick(['reference we hold', 'detail on file', 'information you gave us'])}. ${paragraph(context.random, 1)}` }]
  context.writer.paragraph(spans)
}

function filler (context: PageContext, sentences: number): void {
  if (context.writer.linesLeft() > 14) context.writer.paragraph([{ text: paragraph(context.random, sentences) }])
}

function continuationHeader (context: PageContext, title: string): void {
  context.writer.line(`${title} (continued)`, { bold: true, size: 11 })
  context.writer.gap()
}

const templates: Record<DocumentKind, (context: PageContext) => void> = {
  letter (context) {
    const { writer, random, subject } = context
    if (context.pageNumber === 1) {
      writer.line(company(random), { bold: true, size: 14 })
      for (const line of streetAddress(random)) writer.line(context.mention('LOCATION', line))
      writer.gap()
      writer.line(businessDate(random))
      writer.gap()
      writer.line(context.mention('PERSON', fullName(subject)))
      for (const line of streetAddress(random)) writer.line(context.mention('LOCATION', line))
      writer.gap()
      writer.line('Re: Your account and personal details', { bold: true })
      writer.gap()
      writer.line(`Dear ${context.mention('PERSON', fullName(subject))},`)
      writer.gap(4)
    } else {
      continuationHeader(context, 'Letter')
    }
    filler(context, 3)
    const inProse = context.quota.slice(0, 4)
    for (const type of inProse) sentenceWith(context, type)
    if (context.quota.length > inProse.length) {
      writer.line('The details we currently hold for you:')
      for (const type of context.quota.slice(inProse.length)) fieldLine(context, type, 12)
      writer.gap()
    }
    filler(context, 2)
    if (context.pageNumber === context.pageCount) {
      writer.line('Sincerely,')
      writer.line(`${context.mention('PERSON', fullName(person(random)))}, Customer Relations`)
    }
  },

  invoice (context) {
    const { writer, random, subject } = context
    if (context.pageNumber === 1) {
      writer.line(company(random), { bold: true, size: 14 })
      writer.line(`INVOICE INV-2025-${random.digits(5)}`, { bold: true, size: 12 })
      writer.line(`Invoice date: ${businessDate(random)}`)
      writer.gap()
      writer.line('Bill to:', { bold: true })
      writer.line(context.mention('PERSON', fullName(subject)))
      for (const line of streetAddress(random)) writer.line(context.mention('LOCATION', line))
      writer.gap()
    } else {
      continuationHeader(context, 'Invoice')
    }
    const rows = Array.from({ length: random.int(4, 9) }, () => {
      const quantity = random.int(1, 12)
      const unit = random.int(500, 250_000) / 100
      return [product(random), String(quantity), unit.toFixed(2), (quantity * unit).toFixed(2)]
    })
    writer.table(['Description', 'Qty', 'Unit price', 'Amount'], rows)
    writer.line('Payment details', { bold: true })
    for (const type of context.quota) fieldLine(context, type)
    writer.gap()
    filler(context, 2)
  },

  form (context) {
    const { writer, random, subject } = context
    if (context.pageNumber === 1) {
      writer.line(random.pick(['Patient Registration Form', 'Account Opening Application', 'Employment Application', 'Insurance Claim Form']), { bold: true, size: 14 })
      writer.line('Please complete all fields. Incomplete forms will be returned.', { size: 9 })
      writer.gap()
      writer.line(`Full name: ${context.mention('PERSON', fullName(subject))}`)
      writer.line(`Home address: ${context.mention('LOCATION', streetAddress(random).join(', '))}`)
    } else {
      writer.line(`Section ${context.pageNumber}: additional information`, { bold: true, size: 11 })
      writer.gap()
    }
    for (const type of context.quota) fieldLine(context, type)
    writer.line(`Emergency contact: ${context.mention('PERSON', fullName(person(random)))}`)
    writer.gap()
    writer.line('Signature: ______________________    Date: ____________')
    filler(context, 2)
  },

  table (context) {
    const { writer, random } = context
    writer.line(context.pageNumber === 1 ? `Customer records export - ${company(random)}` : 'Customer records export (continued)', { bold: true, size: 12 })
    writer.gap()
    const columns = random.shuffle(selfEvidentTypes).slice(0, 3)
    const rows = Array.from({ length: random.int(8, 16) }, () => {
      const owner = person(random)
      return [context.mention('PERSON', fullName(owner)), ...columns.map((type) => context.plant(type, owner).value)]
    })
    writer.table(['Name', ...columns.map(columnTitle)], rows)
    writer.line('Notes for the account owner:', { bold: true })
    writer.line(`Mailing address on file: ${context.mention('LOCATION', streetAddress(random).join(', '))}`)
    for (const type of context.quota) fieldLine(context, type)
  },

  report (context) {
    const { writer, random } = context
    if (context.pageNumber === 1) {
      writer.line(random.pick(['Quarterly Compliance Report', 'Customer Due Diligence Review', 'Incident Investigation Report']), { bold: true, size: 16 })
      writer.line(`Prepared for ${company(random)} - ${businessDate(random)}`)
      writer.line(`Prepared by ${context.mention('PERSON', fullName(person(random)))}, site visited: ${context.mention('LOCATION', streetAddress(random).join(', '))}`)
      writer.gap(12)
    }
    writer.line(`${context.pageNumber}. ${random.pick(['Summary', 'Findings', 'Customer records reviewed', 'Account activity', 'Recommendations'])}`, { bold: true, size: 12 })
    writer.gap(4)
    filler(context, 3)
    const inProse = context.quota.slice(0, 5)
    for (const type of inProse) sentenceWith(context, type)
    for (const type of context.quota.slice(inProse.length)) fieldLine(context, type)
    filler(context, 2)
  }
}

function fullName (owner: Person): string {
  return `${owner.firstName} ${owner.lastName}`
}

function columnTitle (type: LabelledType): string {
  const titles: Partial<Record<LabelledType, string>> = {
    EMAIL_ADDRESS: 'Email', PHONE_NUMBER: 'Phone', CREDIT_CARD: 'Card number', IBAN_CODE: 'IBAN', IP_ADDRESS: 'Last IP', MAC_ADDRESS: 'Device MAC', CRYPTO: 'BTC wallet', URL: 'Profile URL'
  }
  return titles[type] ?? type
}
