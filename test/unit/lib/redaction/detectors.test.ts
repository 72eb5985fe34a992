import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRedactor, type Redactor } from '../../../../lib/redaction/index.ts'

const engines = new Map<string, Redactor>()

/** The matched substrings for one entity at threshold 0 (every candidate that passed validation). */
function found (entity: string, text: string): string[] {
  let engine = engines.get(entity)
  if (engine === undefined) {
    engine = createRedactor({ entities: [entity], threshold: 0 })
    engines.set(entity, engine)
  }
  return engine.analyze(text).map((finding) => text.slice(finding.start, finding.end))
}

function score (text: string, entity: string): number | undefined {
  return createRedactor({ entities: [entity], threshold: 0 }).analyze(text)[0]?.score
}

test('EMAIL_ADDRESS: addresses with known TLDs, IDN domains; not trailing dots or bare words', () => {
  assert.deepEqual(found('EMAIL_ADDRESS', 'write to info@presidio.site or a.b+tag@mail.example.co.uk.'), ['info@presidio.site', 'a.b+tag@mail.example.co.uk'])
  assert.deepEqual(found('EMAIL_ADDRESS', 'user@xn--80ak6aa92e.com'), ['user@xn--80ak6aa92e.com'])
  assert.deepEqual(found('EMAIL_ADDRESS', 'my email is info@presidio.'), [])
  assert.deepEqual(found('EMAIL_ADDRESS', 'not@anemail, @handle, a@b.notatld'), [])
})

test('PHONE_NUMBER: national and international formats validated by numbering plan', () => {
  assert.deepEqual(found('PHONE_NUMBER', 'US (415) 555-0132, intl +1 415 555 0132, UK +44 (20) 7123 4567'), ['(415) 555-0132', '+1 415 555 0132', '+44 (20) 7123 4567'])
  assert.deepEqual(found('PHONE_NUMBER', 'Israel 09-7625400, Japan 090-1234-5678, China 13812345678'), ['09-7625400', '090-1234-5678', '13812345678'])
  assert.deepEqual(found('PHONE_NUMBER', 'no area code 555-0132, invalid (123) 456-7890, glued is415-555-0132'), [])
  assert.deepEqual(found('PHONE_NUMBER', 'dates 05.12.2023 and 12-05-2023 are not phones'), [])
  assert.deepEqual(found('PHONE_NUMBER', 'SSN-shaped 078 05 1123 and 078.05.1123, routing 0711-0130-7'), [])
  assert.deepEqual(found('PHONE_NUMBER', 'x 078-05-1123 1\nParis 01 42 68 53 00, London 020 7946 0958'), ['01 42 68 53 00', '020 7946 0958'])
  assert.deepEqual(found('PHONE_NUMBER', '45.157.114.165 (602) 770-9792 | 151.193.239.252 213.959.6245'), ['(602) 770-9792', '213.959.6245'], 'phones next to other numbers in a table row')
  assert.deepEqual(found('PHONE_NUMBER', 'call (415) 555-0132 2 times; totals 12 345 678 901 234'), ['(415) 555-0132'])
  assert.deepEqual(found('PHONE_NUMBER', '89:13:4D:B3:34:01 718.941.9031 2600:3c74'), ['718.941.9031'], 'between a MAC and an IPv6 column')
  assert.deepEqual(found('PHONE_NUMBER', 'India 98765 43210, China 138 1234 5678'), ['98765 43210', '138 1234 5678'], 'grouping rules of one region do not block another')
  assert.deepEqual(found('PHONE_NUMBER', 'Laptop stand 1 855.70 855.70'), [], 'invoice amounts are not phone numbers')
  assert.ok(score('+44 20 7123 4567', 'PHONE_NUMBER')! > score('4155550132', 'PHONE_NUMBER')!, 'international format scores above bare digits')
})

test('PHONE_NUMBER: numbers labelled as identifiers or printed as amounts are not phones', () => {
  for (const label of ['Order No.', 'Invoice #', 'Ref:', 'Account number', 'Customer ID:', 'Tracking number:', 'Kundennummer', 'N° de facture', 'Voucher code', 'Part']) {
    assert.deepEqual(found('PHONE_NUMBER', `${label} 415-555-0132`), [], label)
  }
  assert.deepEqual(found('PHONE_NUMBER', 'Balance $853 134 1822, total 415 555 0132 EUR, 415 555 0132,50'), [])
  // A phone word in the label, or words between label and number, keep it a phone.
  assert.deepEqual(found('PHONE_NUMBER', 'Phone number: 415-555-0132'), ['415-555-0132'])
  assert.deepEqual(found('PHONE_NUMBER', 'Tel. Nr. 030 1234567'), ['030 1234567'])
  assert.deepEqual(found('PHONE_NUMBER', 'Account manager: Jo Roe, +44 20 7946 0018'), ['+44 20 7946 0018'])
  assert.deepEqual(found('PHONE_NUMBER', 'My US number is (415) 555-0132'), ['(415) 555-0132'])
  // The label only counts on the number's own line.
  assert.deepEqual(found('PHONE_NUMBER', 'Order No.\n(415) 555-0132'), ['(415) 555-0132'])
})

test('PHONE_NUMBER: a bare digit run loses to a bare SSN and needs a phone word to pass the threshold', () => {
  const all = createRedactor({ threshold: 0 })
  assert.deepEqual(all.analyze('078051121').map((finding) => finding.type), ['US_SSN'])
  const byDefault = createRedactor()
  assert.deepEqual(byDefault.analyze('see 02079460018 below').filter((finding) => finding.type === 'PHONE_NUMBER'), [])
  assert.deepEqual(byDefault.analyze('tel 02079460018').map((finding) => finding.type), ['PHONE_NUMBER'])
})

test('CREDIT_CARD: Luhn and issuer range, printed groupings', () => {
  assert.deepEqual(found('CREDIT_CARD', '4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881'), ['4012888888881881', '4012-8888-8888-1881', '4012 8888 8888 1881'])
  assert.deepEqual(found('CREDIT_CARD', 'amex 3714 496353 98431 and 371449635398431'), ['3714 496353 98431', '371449635398431'])
  assert.deepEqual(found('CREDIT_CARD', 'luhn failure 4012-8888-8888-1882'), [])
  assert.deepEqual(found('CREDIT_CARD', 'wrong issuer 9999999999999995, mixed separators 4012-8888 8888-1881'), [])
  assert.deepEqual(found('CREDIT_CARD', 'amount 1,4012888888881881'), [], 'digits glued to a thousands separator are an amount')
  assert.equal(score('4111111111111111', 'CREDIT_CARD'), 1)
})

test('US_SSN: delimited, bare and odd splits with graded scores; impossible numbers rejected', () => {
  assert.deepEqual(found('US_SSN', 'abc 078 05 1123 abc, 078-05-1123, 078.05.1123'), ['078 05 1123', '078-05-1123', '078.05.1123'])
  assert.deepEqual(found('US_SSN', '078051121'), ['078051121'])
  assert.deepEqual(found('US_SSN', '000-12-3456 666-12-3456 078-00-1123 078-05-0000 078-05-1120 693-09.4444 912-70-1234'), [])
  assert.equal(score('078-05-1123', 'US_SSN'), 0.5)
  assert.equal(score('078051123', 'US_SSN'), 0.3)
  assert.equal(score('078-051123', 'US_SSN'), 0.1)
  assert.equal(score('SSN: 078051123', 'US_SSN'), 0.65, 'context word lifts a bare number over the default threshold')
})

test('US_ITIN: 9xx area with issued group ranges', () => {
  assert.deepEqual(found('US_ITIN', '911-70-1234 and 911-53-1234 and 911701234'), ['911-70-1234', '911-53-1234', '911701234'])
  assert.deepEqual(found('US_ITIN', 'my tax id 911-89-1234'), [])
})

test('IBAN_CODE: country length, grouping, mod-97', () => {
  assert.deepEqual(found('IBAN_CODE', 'this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence'), ['VG96 VPVG 0000 0123 4567 8901'])
  assert.deepEqual(found('IBAN_CODE', 'AL47-2121-1009-0000-0002-3569-8741 and DE89370400440532013000'), ['AL47-2121-1009-0000-0002-3569-8741', 'DE89370400440532013000'])
  assert.deepEqual(found('IBAN_CODE', 'DE89 3704 0044 0532 0130 01'), [], 'checksum failure')
  assert.deepEqual(found('IBAN_CODE', 'DE89 3704 0044 0532 0130 0'), [], 'too short for DE')
  assert.deepEqual(found('IBAN_CODE', 'AL47/2121/1009/0000/0002/3569/8741'), [], 'slash is not a separator')
  assert.deepEqual(found('IBAN_CODE', 'IL15 0120 6900 0000 3111 0120 6900 0000 3111 141'), [], 'longer than any IBAN')
  assert.deepEqual(found('IBAN_CODE', 'GB82 WEST 1234 5698 7654 32 2a02:382a'), ['GB82 WEST 1234 5698 7654 32'], 'next table column')
})

test('IP_ADDRESS: IPv4 octet ranges and IPv6 rules', () => {
  assert.deepEqual(found('IP_ADDRESS', 'IPs: 192.168.1.1, 10.0.0.1/8, 2001:db8::1'), ['192.168.1.1', '10.0.0.1/8', '2001:db8::1'])
  assert.deepEqual(found('IP_ADDRESS', '::ffff:192.0.2.1 fe80::1%eth0/64 [2001:db8::1]:8080'), ['::ffff:192.0.2.1', 'fe80::1%eth0/64', '2001:db8::1'])
  assert.deepEqual(found('IP_ADDRESS', '256.1.1.1 192.168.1 2001::db8::1 12345:db8::1 std::cout Time 12:34:56 text192.168.1.1 fe80::1text'), [])
  assert.deepEqual(found('IP_ADDRESS', '2001:db8::256.1.1.1 ::ffff:192.168.1'), [], 'invalid embedded IPv4')
  assert.ok(score('src=::', 'IP_ADDRESS')! < 0.2, 'a bare "::" is a weak candidate')
})

test('URL: schemes, www and bare domains with real TLDs', () => {
  assert.deepEqual(found('URL', 'see https://webhook.site/a8ee?q=1&b=2. Or www.microsoft.com, or google.co.il!'), ['https://webhook.site/a8ee?q=1&b=2', 'www.microsoft.com', 'google.co.il'])
  assert.deepEqual(found('URL', 'www.microsoft http://microsoft e.g. file.txt'), [])
  assert.deepEqual(found('URL', 'mail info@example.com'), [], 'e-mail domains are not URLs')
  assert.ok(score('README.md', 'URL')! < 0.5, 'file-like names stay below the default threshold')
})

test('MAC_ADDRESS: consistent separators, Cisco format, no broadcast', () => {
  assert.deepEqual(found('MAC_ADDRESS', 'MACs: 00:11:22:33:44:55 and AA-BB-CC-DD-EE-FF and 0012.3456.789a'), ['00:11:22:33:44:55', 'AA-BB-CC-DD-EE-FF', '0012.3456.789a'])
  assert.deepEqual(found('MAC_ADDRESS', '00:1A:2B:3C:4D FF:FF:FF:FF:FF:FF 00:00:00:00:00:00 10:2F:33-AC-29-C3 ZZ:ZZ:ZZ:ZZ:ZZ:ZZ'), [])
})

test('CRYPTO: base58check and bech32 checksums', () => {
  assert.deepEqual(found('CRYPTO', 'my wallet address is: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), ['16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'])
  assert.deepEqual(found('CRYPTO', '16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2 8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189'), [])
})

test('US_PASSPORT, US_BANK_NUMBER, US_DRIVER_LICENSE: weak formats that need context', () => {
  assert.deepEqual(found('US_PASSPORT', 'my travel passport is A12803456'), ['A12803456'])
  assert.deepEqual(found('US_BANK_NUMBER', '945456787654 but not 1234567'), ['945456787654'])
  assert.deepEqual(found('US_DRIVER_LICENSE', 'H12234567 C12T345672 ABCDEFG'), ['H12234567'])
  assert.ok(score('A12803456', 'US_PASSPORT')! < 0.5)
  assert.ok(score('Passport number: A12803456', 'US_PASSPORT')! >= 0.5)
  assert.ok(score('Account number: 945456787654', 'US_BANK_NUMBER')! >= 0.5)
  assert.ok(score("Driver's license: D1234567", 'US_DRIVER_LICENSE')! >= 0.5)
})

test('UK_NHS: mod 11 check digit', () => {
  assert.deepEqual(found('UK_NHS', '401-023-2137 221 395 1837 0032698674'), ['401-023-2137', '221 395 1837', '0032698674'])
  assert.deepEqual(found('UK_NHS', '401-023-2138'), [])
})

test('UK_NINO: allocation rules for prefixes and suffix', () => {
  assert.deepEqual(found('UK_NINO', 'AA 12 34 56 B; nino: PR 123612C; tw987654a'), ['AA 12 34 56 B', 'PR 123612C', 'tw987654a'])
  assert.deepEqual(found('UK_NINO', 'AA 12 34 56 H, BG123612A, nt 99 88 77 a, FQ 00 00 00 C, UV 98 76 54 B'), [])
})

test('ABA_ROUTING_NUMBER: checksum with context-dependent score', () => {
  assert.deepEqual(found('ABA_ROUTING_NUMBER', '121000358 and 0711-0130-7 not 421042111'), ['121000358', '0711-0130-7'])
  assert.ok(score('Routing number: 121000358', 'ABA_ROUTING_NUMBER')! >= 0.5)
})

test('DATE_OF_BIRTH: only dates shortly after a birth word', () => {
  assert.deepEqual(found('DATE_OF_BIRTH', 'Date of birth: 12/03/1984. Born on 5 May 1990; DOB 1985-03-12'), ['12/03/1984', '5 May 1990', '1985-03-12'])
  assert.deepEqual(found('DATE_OF_BIRTH', 'Invoice date 12/03/1984, due 2024-05-01'), [])
  assert.deepEqual(found('DATE_OF_BIRTH', 'born 31/31/1984'), [], 'no such month')
})

test('PL_PESEL, DE_TAX_ID, ZA_ID_NUMBER: checksummed national IDs that need context to pass', () => {
  assert.deepEqual(found('PL_PESEL', 'My pesel is 44051401458. Not 44051401459.'), ['44051401458'])
  assert.deepEqual(found('DE_TAX_ID', 'Meine Steuer-ID: 12345678903. Falsch: 12345678901'), ['12345678903'])
  assert.deepEqual(found('ZA_ID_NUMBER', 'ID 8001015009087, bad 8001015009086'), ['8001015009087'])
  assert.ok(score('44051401458', 'PL_PESEL')! <= 0.5)
  assert.ok(score('Steuer-ID 12345678903', 'DE_TAX_ID')! > 0.5)
})
