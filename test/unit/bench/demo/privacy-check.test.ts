import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkPrivacy } from '../../../../bench/demo/privacy-check.ts'

const planted = [
  { documentId: 'd1', type: 'EMAIL_ADDRESS', value: 'ada@example.com' },
  { documentId: 'd1', type: 'US_SSN', value: '123-45-6789' },
  { documentId: 'd2', type: 'PERSON', value: 'Grace  Hopper' }
]

test('clean outputs pass, and every value of every checked document is counted', () => {
  const report = checkPrivacy(planted, [
    { documentId: 'd1', key: 'documents/d1/redacted.txt', content: 'Mail [EMAIL_ADDRESS], SSN [US_SSN].' },
    { documentId: 'd2', key: 'documents/d2/redacted.txt', content: 'Signed, [PERSON]' }
  ])
  assert.deepEqual(report, { objectsChecked: 2, valuesChecked: 3, documentsChecked: 2, leaks: [] })
})

test('a value split across lines by extraction is still found', () => {
  const report = checkPrivacy(planted, [{ documentId: 'd2', key: 'k', content: 'Signed,\nGrace\n  Hopper' }])
  assert.deepEqual(report.leaks, [{ documentId: 'd2', key: 'k', type: 'PERSON' }])
})

test('values inside JSON outputs are found after decoding, and a leak names type but not value', () => {
  const content = JSON.stringify({ pages: ['contact: ada@example.com'], findings: [{ type: 'US_SSN', start: 1, end: 2 }] })
  const report = checkPrivacy(planted, [{ documentId: 'd1', key: 'documents/d1/summary.json', content }])
  assert.deepEqual(report.leaks, [{ documentId: 'd1', key: 'documents/d1/summary.json', type: 'EMAIL_ADDRESS' }])
  assert.ok(!JSON.stringify(report).includes('ada@example.com'))
})

test('values of one document are not searched in another document', () => {
  const report = checkPrivacy(planted, [{ documentId: 'd2', key: 'k', content: '123-45-6789' }])
  assert.equal(report.leaks.length, 0)
  assert.equal(report.valuesChecked, 1)
})

test('a value planted twice in a document is searched, and reported, once', () => {
  const twice = [...planted, { documentId: 'd1', type: 'US_SSN', value: '123-45-6789' }]
  const report = checkPrivacy(twice, [{ documentId: 'd1', key: 'k', content: 'SSN 123-45-6789' }])
  assert.equal(report.valuesChecked, 2)
  assert.deepEqual(report.leaks, [{ documentId: 'd1', key: 'k', type: 'US_SSN' }])
})
