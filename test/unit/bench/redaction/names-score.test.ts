import { test } from 'node:test'
import assert from 'node:assert/strict'
import { matchSpans, overlapRatio, scoreFindings, type LabelledDocument, type Span } from '../../../../bench/redaction/names-score.ts'

test('overlap is measured against the union of the two spans', () => {
  assert.equal(overlapRatio({ type: 'PERSON', start: 0, end: 10 }, { type: 'PERSON', start: 0, end: 10 }), 1)
  assert.equal(overlapRatio({ type: 'PERSON', start: 0, end: 10 }, { type: 'PERSON', start: 5, end: 10 }), 0.5)
  assert.equal(overlapRatio({ type: 'PERSON', start: 0, end: 10 }, { type: 'PERSON', start: 6, end: 12 }), 4 / 12)
  assert.equal(overlapRatio({ type: 'PERSON', start: 0, end: 4 }, { type: 'PERSON', start: 4, end: 8 }), 0)
})

test('spans match one to one, same type only, best overlap first', () => {
  const gold: Span[] = [{ type: 'PERSON', start: 0, end: 8 }, { type: 'LOCATION', start: 20, end: 30 }]
  // One wide prediction covers the name; a second one on the same name cannot match it again.
  assert.equal(matchSpans(gold, [{ type: 'PERSON', start: 0, end: 8 }, { type: 'PERSON', start: 0, end: 7 }]), 1)
  // Right place, wrong type: no match.
  assert.equal(matchSpans(gold, [{ type: 'PERSON', start: 20, end: 30 }]), 0)
  // Half of an address (less than half of the union) does not match.
  assert.equal(matchSpans(gold, [{ type: 'LOCATION', start: 20, end: 24 }]), 0)
})

const text = 'Dear Ms. Jane Roe, ship to 14 Baker Street, London. Sales Department, Monday.'
const documents: LabelledDocument[] = [
  { id: 'a', split: 'dev', source: 'sluice-templates', style: 'letter', language: 'en', text, spans: [{ type: 'PERSON', start: 9, end: 17 }, { type: 'LOCATION', start: 27, end: 50 }] },
  { id: 'b', split: 'dev', source: 'sluice-distractors', style: 'business_prose', language: 'en', text: 'Dear Customer, the Finance Department meets on Monday.', spans: [] }
]

test('precision, recall, character recall and distractor false positives', () => {
  const findings = new Map<string, Span[]>([
    ['a', [{ type: 'PERSON', start: 9, end: 17 }, { type: 'LOCATION', start: 44, end: 50 }, { type: 'PHONE_NUMBER', start: 27, end: 29 }]],
    ['b', [{ type: 'PERSON', start: 19, end: 26 }]]
  ])
  const score = scoreFindings(documents, findings)
  assert.deepEqual(score.byType.PERSON, { gold: 1, predicted: 2, matched: 1, precision: 0.5, recall: 1, f1: 2 / 3 })
  assert.equal(score.byType.LOCATION.matched, 0)
  assert.equal(score.byType.LOCATION.recall, 0)
  // Letters and digits only: "JaneRoe" (7) + "14BakerStreetLondon" (19); covered: 7 + "14" + "London".
  assert.equal(score.characterRecall, (7 + 2 + 6) / 26)
  assert.equal(score.distractorDocuments, 1)
  assert.equal(score.distractorFindings, 1)
  assert.equal(score.falsePositivesPer1000Words, 1000 / 8)
  assert.equal(score.distractorDocumentsWithFindings, 1)
})

test('no findings: zero scores, no division by zero', () => {
  const score = scoreFindings(documents, new Map())
  assert.equal(score.byType.PERSON.f1, 0)
  assert.equal(score.characterRecall, 0)
  assert.equal(score.falsePositivesPer1000Words, 0)
})
