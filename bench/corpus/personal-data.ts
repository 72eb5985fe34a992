// Fake but valid personal data of every type the redaction engine detects. Values pass the
// same checks real ones do (Luhn, mod-97, mod-11, base58check, bech32, SSA area rules), so the
// engine has to find them the way it finds real data. Each label carries the context words
// the engine uses for types that have no checksum (bank, passport and licence numbers).
import { randomBytesFrom } from './bytes.ts'
import { abaCheckDigit, base58Check, ibanCheckDigits, luhnCheckDigit, nhsCheckDigit, segwitV0Address } from './checksums.ts'
import type { Random } from './random.ts'

/** Types printed as a labelled value ("SSN: 078-05-1123"), spread over a document's pages. */
export const labelledTypes = [
  'EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'US_SSN', 'IBAN_CODE', 'IP_ADDRESS', 'URL',
  'MAC_ADDRESS', 'CRYPTO', 'US_ITIN', 'US_PASSPORT', 'US_BANK_NUMBER', 'US_DRIVER_LICENSE',
  'UK_NHS', 'DATE_OF_BIRTH', 'UK_NINO', 'ABA_ROUTING_NUMBER'
] as const

export type LabelledType = typeof labelledTypes[number]

/**
 * Every planted type: the labelled ones, plus people's names and postal addresses, which the
 * document templates print where letters, invoices, forms and tables put them.
 */
export const plantedTypes = [...labelledTypes, 'PERSON', 'LOCATION'] as const

export type PlantedType = typeof plantedTypes[number]

export interface Person { firstName: string, lastName: string }

/** A labelled value as printed in a document: `label` precedes `value` on the same line. */
export interface LabelledValue { type: LabelledType, label: string, value: string }

const labels: Record<LabelledType, readonly string[]> = {
  EMAIL_ADDRESS: ['Email:', 'E-mail address:', 'Contact email:'],
  PHONE_NUMBER: ['Phone:', 'Telephone:', 'Mobile:', 'Call us at'],
  CREDIT_CARD: ['Card number:', 'Credit card:', 'Paid with card'],
  US_SSN: ['SSN:', 'Social Security Number:', 'Social security no.'],
  IBAN_CODE: ['IBAN:', 'Pay to IBAN', 'Bank account (IBAN):'],
  IP_ADDRESS: ['IP address:', 'Last login from', 'Client IP:'],
  URL: ['Profile:', 'Website:', 'See'],
  MAC_ADDRESS: ['MAC address:', 'Device MAC:', 'Hardware address:'],
  CRYPTO: ['Bitcoin wallet:', 'BTC address:', 'Refund to wallet'],
  US_ITIN: ['ITIN:', 'Individual Taxpayer Identification Number:', 'Taxpayer ITIN'],
  US_PASSPORT: ['Passport number:', 'US passport no.', 'Passport:'],
  US_BANK_NUMBER: ['Account number:', 'Bank account number:', 'Checking account'],
  US_DRIVER_LICENSE: ['Driver license:', "Driver's license number:", 'DL number (driver license):'],
  UK_NHS: ['NHS number:', 'NHS patient number:', 'Patient NHS no.'],
  DATE_OF_BIRTH: ['Date of birth:', 'DOB:', 'Born on'],
  UK_NINO: ['National Insurance number:', 'NI number:', 'NINO:'],
  ABA_ROUTING_NUMBER: ['Routing number:', 'ABA routing:', 'Bank routing number (ABA):']
}

export function labelledValue (type: LabelledType, random: Random, person: Person): LabelledValue {
  return { type, label: random.pick(labels[type]), value: valueMakers[type](random, person) }
}

const valueMakers: Record<LabelledType, (random: Random, person: Person) => string> = {
  EMAIL_ADDRESS: (random, person) => `${person.firstName}.${person.lastName}${random.chance(0.4) ? random.int(1, 99) : ''}@${random.pick(emailDomains)}`.toLowerCase(),
  PHONE_NUMBER: (random) => random.chance(0.5) ? usPhone(random) : internationalPhone(random),
  CREDIT_CARD: creditCard,
  US_SSN: (random) => `${ssnArea(random)}-${String(random.int(1, 99)).padStart(2, '0')}-${String(random.int(1, 9999)).padStart(4, '0')}`,
  IBAN_CODE: iban,
  IP_ADDRESS: (random) => random.chance(0.6) ? ipv4(random) : ipv6(random),
  URL: (random, person) => random.pick([
    `https://www.linkedin.com/in/${person.firstName}-${person.lastName}-${random.digits(4)}`.toLowerCase(),
    `https://${person.lastName.toLowerCase()}-family.net/photos/${random.digits(6)}`,
    `http://portal.${random.pick(emailDomains)}/customer?id=${random.digits(8)}`
  ]),
  MAC_ADDRESS: (random) => {
    const octets = Array.from({ length: 6 }, () => random.int(0, 255).toString(16).padStart(2, '0').toUpperCase())
    return octets.join(random.chance(0.7) ? ':' : '-')
  },
  CRYPTO: (random) => random.chance(0.5) ? base58Check(0, randomBytesFrom(random, 20)) : segwitV0Address('bc', randomBytesFrom(random, 20)),
  US_ITIN: (random) => `9${random.digits(2)}-${random.pick(itinGroups)}-${String(random.int(1, 9999)).padStart(4, '0')}`,
  US_PASSPORT: (random) => `${random.pick(['A', 'C', 'E', 'X'])}${random.digits(8)}`,
  US_BANK_NUMBER: (random) => `${random.int(1, 9)}${random.digits(random.int(9, 13))}`,
  US_DRIVER_LICENSE: (random) => `${random.pick(['D', 'F', 'K', 'M', 'S', 'W'])}${random.digits(7)}`,
  UK_NHS: nhsNumber,
  DATE_OF_BIRTH: (random) => {
    const year = random.int(1940, 2005)
    const month = random.int(1, 12)
    const day = random.int(1, 28)
    const pad = (value: number): string => String(value).padStart(2, '0')
    return random.chance(0.5) ? `${year}-${pad(month)}-${pad(day)}` : `${pad(month)}/${pad(day)}/${year}`
  },
  UK_NINO: (random) => `${random.pick(ninoPrefixes)}${random.digits(6)}${random.pick(['A', 'B', 'C', 'D'])}`,
  ABA_ROUTING_NUMBER: (random) => {
    const payload = `${random.pick(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '21', '22', '26', '31'])}${random.digits(6)}`
    return payload + abaCheckDigit(payload)
  }
}

const emailDomains = ['example.com', 'mailbox.org', 'northwind.io', 'contoso.net', 'fabrikam.co.uk', 'acme-mail.com']
/** Area codes in use across the US; exchange and line are random but never the 555 fiction block. */
const usAreaCodes = ['212', '213', '303', '312', '404', '415', '503', '512', '602', '617', '702', '718', '206', '214', '305', '919']
const itinGroups = ['70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '80', '81', '82', '83', '84', '85', '86', '87', '88', '90', '91', '92', '94', '95', '96', '97', '98', '99']
const ninoPrefixes = ['AB', 'CE', 'HJ', 'JP', 'KL', 'MW', 'NP', 'PR', 'SE', 'WR', 'YZ', 'TW']

function usPhone (random: Random): string {
  const area = random.pick(usAreaCodes)
  const exchange = `${random.int(2, 9)}${random.digits(2).replace(/^55$/, '56')}`
  const line = random.digits(4)
  return random.pick([`(${area}) ${exchange}-${line}`, `+1 ${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`])
}

function internationalPhone (random: Random): string {
  return random.pick([
    () => `+44 20 7946 ${random.digits(4)}`, // London, Ofcom's range for fiction and tests
    () => `+49 30 ${random.int(2, 9)}${random.digits(7)}`, // Berlin
    () => `+33 1 ${random.int(40, 59)} ${random.digits(2)} ${random.digits(2)} ${random.digits(2)}`, // Paris
    () => `+61 2 ${random.int(8, 9)}${random.digits(3)} ${random.digits(4)}` // Sydney
  ])()
}

function creditCard (random: Random): string {
  const [prefix, length] = random.pick([['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16]] as const)
  const payload = prefix + random.digits(length - prefix.length - 1)
  const number = payload + luhnCheckDigit(payload)
  if (length === 15) return `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`
  const separator = random.pick([' ', '-', ''])
  return number.match(/\d{4}/g)?.join(separator) ?? number
}

function ssnArea (random: Random): string {
  const area = random.int(1, 899)
  return String(area === 666 ? 667 : area).padStart(3, '0')
}

/** Countries with their BBAN shapes: digits (9) and upper-case letters (A). */
const ibanShapes: Record<string, string> = {
  DE: '999999999999999999',
  GB: 'AAAA99999999999999',
  FR: '99999999999999999999999',
  NL: 'AAAA9999999999',
  ES: '99999999999999999999',
  IT: 'A9999999999999999999999',
  BE: '999999999999',
  CH: '99999999999999999'
}

function iban (random: Random): string {
  const country = random.pick(Object.keys(ibanShapes))
  const bban = [...(ibanShapes[country] as string)].map((kind) => kind === 'A' ? String.fromCharCode(65 + random.int(0, 25)) : random.digits(1)).join('')
  const compact = country + ibanCheckDigits(country, bban) + bban
  return random.chance(0.5) ? compact : compact.match(/.{1,4}/g)?.join(' ') ?? compact
}

function ipv4 (random: Random): string {
  return [random.pick([23, 45, 62, 81, 93, 104, 151, 178, 185, 203]), random.int(0, 255), random.int(0, 255), random.int(1, 254)].join('.')
}

function ipv6 (random: Random): string {
  const groups = Array.from({ length: 6 }, () => random.int(1, 0xffff).toString(16))
  return random.chance(0.5) ? `2a02:${groups.join(':')}:${random.int(1, 0xfff).toString(16)}` : `2600:${groups.slice(0, 2).join(':')}::${groups[2] ?? '1'}`
}

function nhsNumber (random: Random): string {
  for (;;) {
    const payload = `${random.int(4, 9)}${random.digits(8)}`
    const check = nhsCheckDigit(payload)
    if (check === undefined) continue
    const number = payload + check
    return random.chance(0.6) ? `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}` : number
  }
}
