import { test } from 'node:test'
import assert from 'node:assert/strict'
import { callerStrings, createCallerStrings } from '../../../../lib/privacy/caller-strings.ts'
import { createRedactor } from '../../../../lib/redaction/index.ts'

const strings = callerStrings(createRedactor(), 'test-key')

test('file names with personal data come out redacted whatever glues their parts', () => {
  const cases: Array<[string, string]> = [
    ['jane.roe@example.org 536-22-8456.pdf', '[EMAIL_ADDRESS] [US_SSN].pdf'],
    ['jane.roe@example.org_536-22-8456.pdf', '[EMAIL_ADDRESS]_[US_SSN].pdf'],
    ['jane.roe@example.org.pdf', '[EMAIL_ADDRESS].pdf'],
    ['scan_536-22-8456_final.pdf', 'scan_[US_SSN]_final.pdf'],
    ['ssn-536-22-8456.pdf', 'ssn-[US_SSN].pdf'],
    ['card_4111-1111-1111-1111.pdf', 'card_[CREDIT_CARD].pdf'],
    ['call_+1-202-555-0143.pdf', 'call_[PHONE_NUMBER].pdf'],
    ['ip_192.168.1.10.pdf', 'ip_[IP_ADDRESS].pdf'],
    ['GB82WEST12345698765432.pdf', '[IBAN_CODE].pdf']
  ]
  for (const [name, expected] of cases) assert.equal(strings.redact(name), expected, name)
})

test('object keys keep their folders; a value as a folder name is redacted too', () => {
  assert.equal(strings.redact('reports/536-22-8456/statement.pdf'), 'reports/[US_SSN]/statement.pdf')
  assert.equal(strings.redact('inbox\\jane.roe@example.org\\a.pdf'), 'inbox\\[EMAIL_ADDRESS]\\a.pdf')
  assert.equal(strings.redact('demo/20261202-130000/doc-0001.pdf'), 'demo/20261202-130000/doc-0001.pdf')
})

test('names without personal data pass unchanged, Unicode included', () => {
  for (const name of ['Q1 résumé.pdf', 'invoice 2024.pdf', '日本語の書類.pdf', 'api/0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b.pdf', '😀 notes.pdf']) {
    assert.equal(strings.redact(name), name)
  }
})

test('decomposed (NFD) names are composed first, so they redact like their NFC form', () => {
  const nfd = 'résumé jane.roe@example.org.pdf'.normalize('NFD')
  assert.equal(strings.redact(nfd), 'résumé [EMAIL_ADDRESS].pdf')
  assert.equal(strings.redact('日本 jane.roe@example.org 😀.pdf'), '日本 [EMAIL_ADDRESS] 😀.pdf')
})

test('metadata maps are redacted in their keys and values', () => {
  assert.deepEqual(strings.redactMap({ owner: 'jane.roe@example.org', 'ssn 536-22-8456': 'x', fileName: 'a_536-22-8456.pdf' }), {
    owner: '[EMAIL_ADDRESS]',
    'ssn [US_SSN]': 'x',
    fileName: 'a_[US_SSN].pdf'
  })
})

test('the pseudonym is keyed, stable and reveals nothing', () => {
  const key = 'reports/jane.roe@example.org.pdf'
  assert.match(strings.pseudonym(key), /^[0-9a-f]{32}$/)
  assert.equal(strings.pseudonym(key), strings.pseudonym(key))
  assert.equal(strings.pseudonym(key), strings.pseudonym(key.normalize('NFD')))
  assert.notEqual(strings.pseudonym(key), strings.pseudonym('reports/jane.roe@example.com.pdf'))
  assert.notEqual(strings.pseudonym(key), callerStrings(createRedactor(), 'other-key').pseudonym(key))
})

test('the configured engine is the processor\'s: the threshold of the settings applies', async () => {
  const strict = await createCallerStrings({ threshold: 0.5, hmacKey: 'k', rulesFile: '' })
  const loose = await createCallerStrings({ threshold: 0.3, hmacKey: 'k', rulesFile: '' })
  // A bare nine-digit SSN scores 0.3: only the looser threshold redacts it.
  assert.equal(strict.redact('536228456.pdf'), '536228456.pdf')
  assert.equal(loose.redact('536228456.pdf'), '[US_SSN].pdf')
})

test('values a caller hides behind escapes, compatibility forms or invisible characters are redacted in the name as written', () => {
  const cases: Array<[string, string]> = [
    ['jane.roe%40example.org.pdf', '[EMAIL_ADDRESS].pdf'],
    ['jane.roe%2540example.org.pdf', '[EMAIL_ADDRESS].pdf'],
    ['private/jane.roe%40example.org%20536-22-8456.pdf', 'private/[EMAIL_ADDRESS]%20[US_SSN].pdf'],
    ['scan+536%2D22%2D8456.pdf', 'scan+[US_SSN].pdf'],
    ['ｊａｎｅ.roe＠example.org.pdf', '[EMAIL_ADDRESS].pdf'],
    ['５３６-２２-８４５６.pdf', '[US_SSN].pdf'],
    ['jane.roe@exa\u200bmple.org.pdf', '[EMAIL_ADDRESS].pdf'],
    ['100%25 done.pdf', '100%25 done.pdf'],
    ['report%20Q1.pdf', 'report%20Q1.pdf']
  ]
  for (const [name, expected] of cases) assert.equal(strings.redact(name), expected, name)
})

test('a value at the end of a name at the length limits is found', () => {
  assert.equal(strings.redact(`${'a'.repeat(230)}_jane.roe@example.org.pdf`), `${'a'.repeat(230)}_[EMAIL_ADDRESS].pdf`)
  assert.equal(strings.redact(`${'x/'.repeat(490)}536-22-8456.pdf`), `${'x/'.repeat(490)}[US_SSN].pdf`)
})
