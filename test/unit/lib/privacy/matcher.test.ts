import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createMatcher, encodingsOf } from '../../../../lib/privacy/matcher.ts'
import { distinctValues, parsePlanted, valueLabel } from '../../../../lib/privacy/planted.ts'
import { formatReport, ReportBuilder } from '../../../../lib/privacy/report.ts'
import { withoutRawKeys } from '../../../../lib/privacy/scan-topics.ts'

const email = { type: 'EMAIL_ADDRESS', value: 'jane.roe@example.org' }
const key = { type: 'OBJECT_KEY', value: 'inbox/Jane Roe résumé+1 "final".pdf' }
const card = { type: 'CREDIT_CARD', value: '4111 1111 1111 1111' }
const short = { type: 'VALUE', value: 'ab' }
const matcher = createMatcher([email, key, card, short])

function found (text: string): string[] {
  return matcher.find(text).map((match) => `${match.planted.type}:${match.encoding}`).sort()
}

test('exact substrings are found, case-sensitively', () => {
  assert.deepEqual(found('mail jane.roe@example.org now'), ['EMAIL_ADDRESS:exact'])
  assert.deepEqual(found('mail JANE.ROE@EXAMPLE.ORG now'), [])
  assert.deepEqual(found('jane.roe@example.or'), [])
  assert.deepEqual(found('xxabyy'), ['VALUE:exact'])
})

test('URL, form and JSON encodings of a value are found', () => {
  assert.deepEqual(found(`GET /inbox/${encodeURIComponent('Jane Roe résumé+1 "final".pdf')}`), ['OBJECT_KEY:url-path'])
  assert.deepEqual(found(encodeURIComponent(key.value)), ['OBJECT_KEY:url'])
  assert.deepEqual(found(`key=${new URLSearchParams({ k: key.value }).toString().slice(2)}`), ['OBJECT_KEY:form'])
  assert.deepEqual(found(JSON.stringify({ key: key.value })), ['OBJECT_KEY:json'])
  assert.deepEqual(found('{"key":"inbox/Jane Roe r\\u00e9sum\\u00e9+1 \\"final\\".pdf"}'), ['OBJECT_KEY:json-ascii'])
  assert.deepEqual(found(encodeURIComponent(email.value)), ['EMAIL_ADDRESS:url'])
})

test('a value is found composed or decomposed, and behind escapes of any of its characters', () => {
  assert.deepEqual(found(`name ${key.value.normalize('NFD')}`), ['OBJECT_KEY:nfd'])
  const nfdPlanted = createMatcher([{ type: 'PERSON', value: 'José Müller'.normalize('NFD') }])
  assert.deepEqual(nfdPlanted.find('José Müller'.normalize('NFC')).map((match) => match.encoding), ['nfc'])
  const everyCharacter = [...Buffer.from(email.value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')
  assert.deepEqual(found(`GET /inbox/${everyCharacter}.pdf`), ['EMAIL_ADDRESS:url-decoded'])
  assert.deepEqual(found('jane.roe%40example%2Eorg'), ['EMAIL_ADDRESS:url-decoded'])
  assert.deepEqual(found('100% jane.roe%zz'), [])
})

test('a value with spaces is found when a line break or run of spaces splits it', () => {
  assert.deepEqual(found('Card: 4111 1111\n1111   1111 end'), ['CREDIT_CARD:whitespace'])
  assert.deepEqual(found('Card: 4111 1111 1111 1112'), [])
})

test('each value is reported once per text, with the encodings listed only when they differ', () => {
  assert.equal(matcher.find(`${email.value} ${email.value} ${encodeURIComponent(email.value)}`).length, 1)
  assert.deepEqual(encodingsOf('plain').map((form) => form.encoding), ['exact'])
})

test('planted values load from a manifest, a JSON list or a plain list, each value once', () => {
  const manifest = JSON.stringify({ seed: 's', planted: [{ document: 'a.pdf', type: 'EMAIL_ADDRESS', value: 'x@example.org' }, { document: 'b.pdf', type: 'EMAIL_ADDRESS', value: 'x@example.org' }, { type: 'PERSON', value: 'Jane Roe' }] })
  assert.deepEqual(parsePlanted(manifest, 'm'), [{ type: 'EMAIL_ADDRESS', value: 'x@example.org' }, { type: 'PERSON', value: 'Jane Roe' }])
  assert.deepEqual(parsePlanted('[{"value":"v1"}]', 'l'), [{ type: 'VALUE', value: 'v1' }])
  assert.deepEqual(parsePlanted('US_SSN\t536-22-8456\nplain value\n\n', 'p'), [{ type: 'US_SSN', value: '536-22-8456' }, { type: 'VALUE', value: 'plain value' }])
  assert.throws(() => parsePlanted('{"documents":[]}', 'bad'), /no "planted" list/)
  assert.deepEqual(distinctValues([{ type: 'A', value: ' ' }]), [])
})

test('reports name the type and a hash prefix, never the value', () => {
  const report = new ReportBuilder()
  report.scanned('topic t', 'messages', 2)
  report.matches('topic t', 'messages', 'partition 0 offset 1 decoded value', matcher.find(email.value))
  report.matches('topic t', 'messages', 'partition 0 offset 2 raw-key field', matcher.find(key.value), true)
  const built = report.build([email, key, email, key])
  assert.equal(built.leaks, 1)
  assert.equal(built.places[0]?.allowed, 1)
  const text = formatReport(built)
  assert.ok(!text.includes(email.value) && !text.includes('Roe'), text)
  assert.ok(text.includes(valueLabel(email)), text)
  assert.match(text, /topic t: 2 messages, 1 LEAK \(1 match in raw object-key fields, kept by design\)/)
  assert.equal(built.places[0]?.examples.length, 1)
  assert.match(text, /Privacy check FAILED: 1 leak/)
  assert.deepEqual(built.valuesByType, { [email.type]: 2, [key.type]: 2 })
})

test('the raw key is cut out of a message in every encoding, so only a second copy counts', () => {
  const raw = `\u0000${key.value}\u0002${encodeURIComponent(key.value)}`
  assert.deepEqual(matcher.find(withoutRawKeys(raw, [key.value])), [])
  assert.deepEqual(found(withoutRawKeys(`${raw} fileName=${key.value.slice(6)}`, [key.value])), [])
  assert.deepEqual(found(withoutRawKeys(`${raw} copy ${email.value}`, [key.value])), ['EMAIL_ADDRESS:exact'])
})
