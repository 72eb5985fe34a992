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
