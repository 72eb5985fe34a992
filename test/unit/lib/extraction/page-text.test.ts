import assert from 'node:assert/strict'
import { test } from 'node:test'
import { joinTextItems, type PositionedText } from '../../../../lib/extraction/page-text.ts'

/** A horizontal item of `size`-point text at (x, y), `width` points wide. */
function item (str: string, x: number, y: number, width: number, extra: Partial<PositionedText> = {}): PositionedText {
  return { str, transform: [12, 0, 0, 12, x, y], width, height: 12, hasEOL: false, vertical: false, ...extra }
}

test('items on one line join with a space only where there is a visible gap', () => {
  const text = joinTextItems([item('Invoice', 72, 700, 40), item('no.', 116, 700, 18), item('42', 134, 700, 12)])
  assert.equal(text, 'Invoice no.42')
})

test('pdf.js line ends and baseline jumps both start new lines', () => {
  const text = joinTextItems([item('first', 72, 700, 30, { hasEOL: true }), item('second', 72, 686, 36), item('third', 72, 600, 30)])
  assert.equal(text, 'first\nsecond\nthird')
})

test('a superscript stays on its line', () => {
  const text = joinTextItems([item('E = mc', 100, 700, 37.7), item('2', 137.7, 708, 4.4, { transform: [8, 0, 0, 8, 137.7, 708] }), item('is', 145.5, 700, 10)])
  assert.equal(text, 'E = mc2 is')
})

test('text rotated by 90 degrees is measured along its own baseline', () => {
  // Baseline points up the page: advancing means increasing y.
  const up = (str: string, x: number, y: number, width: number): PositionedText => ({ str, transform: [0, 12, -12, 0, x, y], width, height: 12, hasEOL: false, vertical: false })
  assert.equal(joinTextItems([up('Account', 300, 100, 45), up('number', 300, 150, 40), up('next line', 316, 100, 50)]), 'Account number\nnext line')
})

test('vertical writing mode advances down the page', () => {
  const down = (str: string, x: number, y: number, height: number): PositionedText => ({ str, transform: [9, 0, 0, 9, x, y], width: 9, height, hasEOL: false, vertical: true })
  assert.equal(joinTextItems([down('日本', 200, 300, 18), down('語', 200, 282, 9), down('あいう', 185, 300, 27)]), '日本語\nあいう')
})

test('a change of writing direction starts a new line', () => {
  const rotated: PositionedText = { str: 'side', transform: [0, 12, -12, 0, 500, 100], width: 24, height: 12, hasEOL: false, vertical: false }
  assert.equal(joinTextItems([item('body', 72, 100, 30), rotated]), 'body\nside')
})

test('control characters, unmapped-glyph markers and form feeds are dropped', () => {
  assert.equal(joinTextItems([item('a\uffff\u0000b\fc', 72, 700, 30)]), 'abc')
})

test('trailing spaces before line ends and at the end of the page are trimmed', () => {
  assert.equal(joinTextItems([item('line  ', 72, 700, 30, { hasEOL: true }), item('end ', 72, 686, 30, { hasEOL: true })]), 'line\nend')
})
