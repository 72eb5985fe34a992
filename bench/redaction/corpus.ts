// Deterministic synthetic "document text" for the redaction speed benchmark: prose paragraphs,
// tables of numbers (amounts, dates, quantities, reference codes, percentages) and PII inserted
// at a chosen density. Same seed, same text, on every machine. People's names and postal
// addresses are among the inserted items, in the forms documents print them ("Dear Ms. ...",
// "Patient: ...", "ship to ..."); their values are the labelled names and places of the dev
// split of the names set (names-data/dev.jsonl: real-world names and GeoNames places).
import { readFileSync } from 'node:fs'

interface LabelledSpan { type: string, start: number, end: number }

function labelledValues (type: string): string[] {
  const text = readFileSync(new URL('./names-data/dev.jsonl', import.meta.url), 'utf8')
  const values = new Set<string>()
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const row = JSON.parse(line) as { text: string, spans: LabelledSpan[] }
    for (const span of row.spans) if (span.type === type) values.add(row.text.slice(span.start, span.end).replace(/\n/g, ', '))
  }
  return [...values].sort()
}

const people = labelledValues('PERSON')
const places = labelledValues('LOCATION')

/** Mulberry32: tiny, fast, good enough for test data. */
export function createRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = ('the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will more about up out who them some could what into ' +
  'than then other its our only these two may first any new very also after most made over such where through back years ' +
  'agreement contract payment invoice delivery customer supplier quarterly report revenue margin period total balance ' +
  'schedule account statement department meeting review policy section clause party parties obligation notice shall ' +
  'pursuant hereby effective date term renewal termination confidential information services products pricing discount ' +
  'shipment warehouse inventory forecast budget approval signature manager director board committee annual summary').split(' ')

const streets = ['Main Street', 'Oak Avenue', 'Pine Road', 'Maple Drive', 'Cedar Lane', 'Elm Court']

type Pick = <T>(items: readonly T[]) => T

function piiSamples (random: () => number, pick: Pick): string[] {
  const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('')
  return [
    `${pick(['john', 'maria', 'wei', 'amara', 'lukas'])}.${pick(['smith', 'garcia', 'chen', 'okafor', 'schmidt'])}@${pick(['example.com', 'mail.example.org', 'corp.example.net'])}`,
    `(415) 555-${digits(4)}`,
    `+44 20 7946 ${digits(4)}`,
    `SSN 078-05-${1000 + Math.floor(random() * 8999)}`,
    '4111 1111 1111 1111',
    'DE89 3704 0044 0532 0130 00',
    `10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
    `https://portal.example.com/accounts/${digits(6)}?view=full`,
    'born on 12/03/1984',
    `${Math.floor(random() * 900) + 100} ${pick(streets)}`,
    `Dear ${pick(['Ms.', 'Mr.', 'Dr.'])} ${pick(people)},`,
    `Patient: ${pick(people)}`,
    `signed by ${pick(people)} on behalf of the supplier`,
    `ship to ${pick(places)}`,
    `${pick(people)}, ${pick(places)}`
  ]
}

function sentence (random: () => number, pick: Pick): string {
  const length = 8 + Math.floor(random() * 14)
  const parts: string[] = []
  for (let i = 0; i < length; i++) parts.push(pick(words))
  if (random() < 0.3) parts.splice(Math.floor(random() * parts.length), 0, String(Math.floor(random() * 1000)))
  const text = parts.join(' ')
  return text[0]!.toUpperCase() + text.slice(1) + '.'
}

function tableRow (random: () => number): string {
  const amount = (random() * 100000).toFixed(2)
  const quantity = Math.floor(random() * 500)
  const month = 1 + Math.floor(random() * 12)
  const day = 1 + Math.floor(random() * 28)
  const code = `INV-${2020 + Math.floor(random() * 6)}-${String(Math.floor(random() * 100000)).padStart(5, '0')}`
  const percent = (random() * 100).toFixed(1)
  return `${code}  2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}  ${quantity}  ${amount}  ${percent}%  ${Math.floor(random() * 1e6)}`
}

/**
 * Builds about `bytes` of text. `piiPerKilobyte` sets the density of inserted personal data
 * (0 = none; realistic documents have well under one per kilobyte).
 */
export function generateCorpus (bytes: number, piiPerKilobyte: number, seed = 42): string {
  const random = createRandom(seed)
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!
  const blocks: string[] = []
  let size = 0
  let piiDebt = 0
  while (size < bytes) {
    let block: string
    if (random() < 0.25) {
      const rows = ['Reference        Date        Qty  Amount     Share  Units']
      for (let i = 0; i < 8; i++) rows.push(tableRow(random))
      block = rows.join('\n')
    } else {
      const sentences: string[] = []
      for (let i = 0; i < 4 + Math.floor(random() * 5); i++) sentences.push(sentence(random, pick))
      block = sentences.join(' ')
    }
    piiDebt += (block.length / 1024) * piiPerKilobyte
    while (piiDebt >= 1) {
      const sample = pick(piiSamples(random, pick))
      const position = block.indexOf(' ', Math.floor(random() * block.length))
      block = position === -1 ? `${block} ${sample}` : `${block.slice(0, position)} ${sample}${block.slice(position)}`
      piiDebt--
    }
    blocks.push(block)
    size += block.length + 2
  }
  return blocks.join('\n\n')
}
