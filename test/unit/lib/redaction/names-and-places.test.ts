import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRedactor, type Finding } from '../../../../lib/redaction/index.ts'
import { parseRuleSet } from '../../../../lib/redaction/rules.ts'

// One engine for the whole file: the lexicons load once per thread, as in the processor.
const engine = createRedactor()

/** [type, text] of every finding at the default threshold. */
function found (text: string): Array<[string, string]> {
  return engine.analyze(text).map((finding) => [finding.type, text.slice(finding.start, finding.end)])
}

function ofType (type: string, text: string): string[] {
  return found(text).filter(([findingType]) => findingType === type).map(([, value]) => value)
}

test('PERSON: the forms real documents use', () => {
  assert.deepEqual(ofType('PERSON', 'The report was written by Jane Roe last year.'), ['Jane Roe'])
  assert.deepEqual(ofType('PERSON', 'Attendees: Roe, Jane and Smith, John.'), ['Roe, Jane', 'Smith, John'])
  assert.deepEqual(ofType('PERSON', 'Defendant: ROE, Jane'), ['ROE, Jane'])
  assert.deepEqual(ofType('PERSON', 'Approved by J. Roe on the same day.'), ['J. Roe'])
  assert.deepEqual(ofType('PERSON', 'The claim of Jane A. Roe was accepted.'), ['Jane A. Roe'])
  assert.deepEqual(ofType('PERSON', 'We met Anna Smith-Jones and Gabriel García Márquez in the lobby.'), ['Anna Smith-Jones', 'Gabriel García Márquez'])
  assert.deepEqual(ofType('PERSON', 'Present were Pieter van der Berg, Juan de la Cruz and Ludwig von Mises.'), ['Pieter van der Berg', 'Juan de la Cruz', 'Ludwig von Mises'])
  assert.deepEqual(ofType('PERSON', "Tickets for Seán O'Brien and Ronald McDonald were sent."), ["Seán O'Brien", 'Ronald McDonald'])
  assert.deepEqual(ofType('PERSON', 'Tickets for Siobhán O’Brien were sent.'), ['Siobhán O’Brien'], 'typographic apostrophe')
})

test('PERSON: a given name that is also a word, with a surname, alone in its line or table cell', () => {
  assert.deepEqual(ofType('PERSON', 'Staff on duty\nGrace Miller\nRose Taylor'), ['Grace Miller', 'Rose Taylor'])
  assert.deepEqual(ofType('PERSON', 'Grace Miller\t42 Main Street'), ['Grace Miller'])
  assert.deepEqual(ofType('PERSON', '| Grace Miller | 2024 |'), ['Grace Miller'])
  assert.deepEqual(ofType('PERSON', 'Emma Khan 3764 922466\nGrace Miller 2221 4758 4628 8747'), ['Emma Khan', 'Grace Miller'], 'a table row extracted with single spaces')
  assert.deepEqual(ofType('PERSON', 'Name IBAN Email\nLucas Dubois FR76 3000 6000 0112 3456 7890 189 lucas@example.com'), ['Lucas Dubois'], 'an identifier in the next column is not part of the run')
  // In a table of people, a row that starts with a given name and a name that are both also words is a name too.
  assert.deepEqual(ofType('PERSON', 'Name IP\nWei Miller 10.0.0.1\nEmma Khan 10.0.0.2\nGrace Brown 10.0.0.3'), ['Wei Miller', 'Emma Khan', 'Grace Brown'])
  assert.deepEqual(ofType('PERSON', 'Wei Miller wei@example.com\nEmma Khan emma@example.com\nGrace Doe grace.doe@example.com'), ['Wei Miller', 'Emma Khan', 'Grace Doe'], 'an e-mail address in the next column')
  assert.deepEqual(ofType('PERSON', 'Summer Sale 2024\nAll items reduced.'), [], 'not in a table of people')
  // Headings made of two ordinary words stay: the second word must be a name that is rarely a word.
  assert.deepEqual(ofType('PERSON', 'Summer Sale\nRose Garden\nWill Power\nGrace Period\nSummer Sale 2024'), [])
})

test('PERSON: a title before a name makes even a single word a name', () => {
  const text = 'Dr. Roe, Ms. Jane Roe, Mr Smith, Mrs. Baker, Prof. Kowalski, Herr Müller, Frau Schneider, Mme Dubois, M. Lefèvre, Sr. Pérez, Sra. López'
  assert.deepEqual(ofType('PERSON', text), ['Roe', 'Jane Roe', 'Smith', 'Baker', 'Kowalski', 'Müller', 'Schneider', 'Dubois', 'M. Lefèvre', 'Pérez', 'López'])
})

test('PERSON: salutations, form labels, e-mail headers and signature lines', () => {
  assert.deepEqual(ofType('PERSON', 'Dear Jane Roe,\nthank you.'), ['Jane Roe'])
  assert.deepEqual(ofType('PERSON', 'Patient: Kowalczyk Haugen\nName: Okafor Adebayo'), ['Kowalczyk Haugen', 'Okafor Adebayo'])
  assert.deepEqual(ofType('PERSON', 'From: Jane Roe\ncc: Lars Andersson'), ['Jane Roe', 'Lars Andersson'])
  assert.deepEqual(ofType('PERSON', 'The contract was signed by Jane Roe.'), ['Jane Roe'])
  assert.deepEqual(ofType('PERSON', 'Kind regards,\nOkafor Adebayo'), ['Okafor Adebayo'])
  assert.deepEqual(ofType('PERSON', 'Surname: Hermans\nFirst name(s): Theo'), ['Hermans', 'Theo'])
})

test('PERSON: names of many origins', () => {
  const people = [
    'Oliver Thompson', 'Sophie Wagner', 'Camille Lefebvre', 'Lucía Fernández', 'Giulia Esposito', 'Daan de Vries',
    'João Ferreira', 'Małgorzata Wiśniewska', 'Søren Kierkegaard', 'Ingrid Johansson', 'Priya Sharma', 'Arjun Iyer'
  ]
  for (const person of people) assert.deepEqual(ofType('PERSON', `The file of ${person} was updated.`), [person], person)
})

test('PERSON: a name found once is found again when mentioned alone', () => {
  assert.deepEqual(ofType('PERSON', 'Jane Roe joined in May. Later, Roe led the team.'), ['Jane Roe', 'Roe'])
})

test('PERSON and LOCATION: capitalised words that are neither are left alone', () => {
  const distractors = [
    'Monday, Tuesday and Friday in January, March and May.',
    'The Chief Financial Officer reports to the Board of Directors.',
    'Please contact Human Resources or the Sales Department.',
    'Dear Customer, thank you for your order.',
    'Dear Sir or Madam,',
    'Open the Main Menu and select Account Settings.',
    'Acme Widgets GmbH and Roe Holdings Ltd signed the Master Services Agreement.',
    'INVOICE TOTAL DUE',
    'Payment Terms: Net 30. Delivery Address: see below.',
    'Reading the report took an hour. Bath towels are extra. Nice work. Mobile devices are supported. Split the bill.',
    'The Quarterly Business Review covers Product Roadmap and Customer Success.',
    'Annual Leave Policy\nSection 4: Working Hours',
    'Riverside Clinic\nINVOICE INV-2025-61384',
    'All figures are reported in US dollars; the ABA number is on file.'
  ]
  for (const text of distractors) assert.deepEqual(found(text).filter(([type]) => type === 'PERSON' || type === 'LOCATION'), [], text)
})

test('LOCATION: postal addresses as one span', () => {
  const addresses = [
    '1600 Pennsylvania Ave NW, Washington, DC 20500',
    '123 Main St., Apt 4B, Springfield, IL 62704',
    '14 Baker Street, London NW1 6XE',
    'Hauptstraße 5, 10115 Berlin',
    '12 rue de la Paix, 75002 Paris',
    'Calle Mayor 10, 28013 Madrid',
    'Via Roma 1, 00100 Roma',
    'Kerkstraat 12, 1017 GC Amsterdam',
    'ul. Długa 5, 00-238 Warszawa'
  ]
  for (const address of addresses) assert.deepEqual(ofType('LOCATION', `Please send it to ${address} by Friday.`), [address], address)
})

test('LOCATION: a multi-line address block is one span, the name above it a PERSON', () => {
  const letter = 'Jane Roe\n14 Baker Street\nLondon\nNW1 6XE\nUnited Kingdom\n\nDear Jane,'
  assert.deepEqual(found(letter).slice(0, 2), [['PERSON', 'Jane Roe'], ['LOCATION', '14 Baker Street\nLondon\nNW1 6XE\nUnited Kingdom']])
  assert.deepEqual(ofType('LOCATION', 'Ship to:\n1600 Pennsylvania Ave NW\nWashington, DC 20500\n\nItems:'), ['1600 Pennsylvania Ave NW\nWashington, DC 20500'])
})

test('LOCATION: cities and countries in prose; common-word cities only after a place cue', () => {
  assert.deepEqual(ofType('LOCATION', 'Last year she moved to Lisbon.'), ['Lisbon'])
  assert.deepEqual(ofType('LOCATION', 'We have offices in Germany and Brazil.'), ['Germany', 'Brazil'])
  assert.deepEqual(ofType('LOCATION', 'The conference in Rio de Janeiro was moved.'), ['Rio de Janeiro'])
  assert.deepEqual(ofType('LOCATION', 'He moved to Reading in 2019 and lives in Nice now.'), ['Reading', 'Nice'])
  assert.deepEqual(ofType('LOCATION', 'City: Heemstede\nCountry: Tokelau'), ['Heemstede', 'Tokelau'])
  assert.deepEqual(ofType('LOCATION', 'governed by the laws of Turks and Caicos Islands.'), ['Turks and Caicos Islands'])
})

test('offsets are UTF-16 code units after emoji and astral characters', () => {
  const text = '😀👍🏽 𝒳 Zoë Ångström lives at Hauptstraße 5, 10115 Berlin'
  const findings = engine.analyze(text)
  assert.deepEqual(findings.map((finding) => [finding.type, finding.start, finding.end]), [
    ['PERSON', text.indexOf('Zoë'), text.indexOf('Zoë') + 'Zoë Ångström'.length],
    ['LOCATION', text.indexOf('Hauptstraße'), text.length]
  ])
  assert.equal(engine.redact(text).redacted, '😀👍🏽 𝒳 [PERSON] lives at [LOCATION]')
})

test('a name glued to an e-mail address or URL does not break them', () => {
  const text = 'Write to jane.roe@example.com or see https://example.com/JaneRoe and www.JaneRoe.com'
  assert.deepEqual(found(text).map(([type]) => type), ['EMAIL_ADDRESS', 'URL', 'URL'])
})

test('overlaps: an e-mail address or IBAN inside an address block keeps its own type', () => {
  const block = 'Jane Roe\n14 Baker Street\nLondon NW1 6XE\njane.roe@example.com\nIBAN GB82 WEST 1234 5698 7654 32'
  assert.deepEqual(found(block), [
    ['PERSON', 'Jane Roe'],
    ['LOCATION', '14 Baker Street\nLondon NW1 6XE'],
    ['EMAIL_ADDRESS', 'jane.roe@example.com'],
    ['IBAN_CODE', 'GB82 WEST 1234 5698 7654 32']
  ])
})

test('entities without PERSON or LOCATION switch them off; so does the rules file', () => {
  const text = 'Dear Jane Roe, ship to 14 Baker Street, London NW1 6XE or mail jane@example.com'
  const types = (findings: Finding[]): string[] => findings.map((finding) => finding.type)
  assert.deepEqual(types(createRedactor({ entities: ['EMAIL_ADDRESS', 'LOCATION'] }).analyze(text)), ['LOCATION', 'EMAIL_ADDRESS'])
  assert.deepEqual(types(createRedactor({ entities: ['EMAIL_ADDRESS', 'PERSON'] }).analyze(text)), ['PERSON', 'EMAIL_ADDRESS'])
  const rules = parseRuleSet({ disable: ['PERSON', 'LOCATION'] }, 'inline')
  assert.deepEqual(types(createRedactor({ rules }).analyze(text)), ['EMAIL_ADDRESS'])
  assert.throws(() => parseRuleSet({ disable: ['PERSONS'] }, 'inline'), /PERSONS/)
})

test('hash operator: the same person gets the same pseudonym in two documents', () => {
  const redactor = createRedactor({ defaultOperator: { kind: 'hash' }, hmacKey: 'k' })
  const first = redactor.redact('Patient: Jane Roe, seen today.').redacted
  const second = redactor.redact('Referred by Dr. Mark Lee to Jane Roe.').redacted
  const pseudonym = /\[PERSON:[0-9a-f]{12}\]/.exec(first)?.[0]
  assert.ok(pseudonym !== undefined, first)
  assert.ok(second.includes(pseudonym), second)
  assert.ok(!second.startsWith(`Referred by Dr. ${pseudonym}`), 'another person gets another pseudonym')
})

test('allow-list and mask operator work on names and places', () => {
  const rules = parseRuleSet({ allow: { exact: ['Jane Roe'] } }, 'inline')
  assert.equal(createRedactor({ rules }).redact('Dear Jane Roe, Mr. John Smith called.').redacted, 'Dear Jane Roe, Mr. [PERSON] called.')
  const masked = createRedactor({ operators: { LOCATION: { kind: 'mask', keepLast: 0 } } }).redact('She moved to Lisbon.').redacted
  assert.equal(masked, 'She moved to ******.')
})

test('context words raise PERSON and LOCATION scores like other types', () => {
  const scoreOf = (text: string, type: string): number | undefined => createRedactor({ threshold: 0, entities: [type] }).analyze(text)[0]?.score
  assert.ok(scoreOf('Home address: 14 Baker Street', 'LOCATION')! > scoreOf('It is 14 Baker Street', 'LOCATION')!)
  assert.ok(scoreOf('Employee Kowalczyk Haugen', 'PERSON')! > scoreOf('We saw Kowalczyk Haugen', 'PERSON')!)
})
