import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodedView, identityView, originalSpan, replacedView } from '../../../../lib/privacy/string-views.ts'

function spanOf (value: string, needle: string): string {
  const view = decodedView(identityView(value))
  const at = view.text.indexOf(needle)
  assert.notEqual(at, -1, `${needle} not in ${view.text}`)
  const span = originalSpan(view, at, at + needle.length)
  return value.slice(span.start, span.end)
}

test('percent-escapes are decoded and each decoded character maps back to its escape', () => {
  assert.equal(decodedView(identityView('jane.roe%40example.org.pdf')).text, 'jane.roe@example.org.pdf')
  assert.equal(spanOf('jane.roe%40example.org.pdf', 'roe@ex'), 'roe%40ex')
  // Escaped twice, and a multi-byte character escaped as UTF-8.
  assert.equal(decodedView(identityView('a%2540b')).text, 'a@b')
  assert.equal(spanOf('x%C3%A9y', 'é'), '%C3%A9')
})

test('compatibility forms are folded and format characters dropped, mapped to what they replace', () => {
  assert.equal(decodedView(identityView('ｊａｎｅ＠example.org')).text, 'jane@example.org')
  assert.equal(decodedView(identityView('５３６-２２')).text, '536-22')
  assert.equal(decodedView(identityView('exa\u200bmple\u00adorg')).text, 'exampleorg')
  assert.equal(spanOf('exa\u200bmple', 'example'), 'exa\u200bmple')
  assert.equal(spanOf('a😀＠b', '@'), '＠')
})

test('what is not an escape stays as written', () => {
  for (const value of ['100% sure.pdf', 'a%zz.pdf', '%', 'x%C3y.pdf', 'q1 report.pdf', '日本語の書類.pdf']) {
    assert.equal(decodedView(identityView(value)).text, value.normalize('NFKC'), value)
  }
  const plain = identityView('plain.pdf')
  assert.equal(decodedView(plain), plain, 'plain ASCII is not rebuilt')
})

test('one-for-one replacements keep the spans', () => {
  const view = replacedView(decodedView(identityView('a_b%40c')), /_/g, ' ')
  assert.equal(view.text, 'a b@c')
  assert.deepEqual(originalSpan(view, 3, 4), { start: 3, end: 6 })
})
