// Every real-world PDF in the shared evaluation set (pdf.js's own test files: encrypted,
// corrupt, CID/Type3 fonts, rotated, vertical, forms) must quickly yield text or a classified
// failure. The set lives beside the repository in ../shared/eval/pdfjs with a MANIFEST.json.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { extractText, type ExtractedDocument } from '../../../lib/extraction/index.ts'
import { isSluiceError } from '../../../lib/errors.ts'
import { expectedOutcome } from '../../../bench/corpus/external.ts'

const evalDir = path.resolve(fileURLToPath(import.meta.url), '../../../../../shared/eval/pdfjs')
const manifest = JSON.parse(readFileSync(path.join(evalDir, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string, sha256: string, kind: string }> }
/** Generous for a shared 2-core machine; the slowest file (a 14-page paper) takes well under 1 s. */
const perFileLimitMs = 5000
const failureCodes = new Set(['NOT_PDF', 'ENCRYPTED', 'CORRUPT', 'TOO_MANY_PAGES', 'EMPTY'])

type Outcome = { document: ExtractedDocument } | { code: string }

async function outcomeOf (file: string): Promise<Outcome> {
  const data = new Uint8Array(readFileSync(path.join(evalDir, file)))
  try {
    return { document: await extractText(data, { maxPages: 100 }) }
  } catch (error) {
    assert.ok(isSluiceError(error), `${file}: unclassified failure ${String(error)}`)
    return { code: error.code }
  }
}

function textOf (outcome: Outcome, file: string): string {
  assert.ok('document' in outcome, `${file}: expected text, got ${'code' in outcome ? outcome.code : ''}`)
  return outcome.document.pages.join('\f')
}

const outcomes = new Map<string, Outcome>()

test('the evaluation set is present and matches its manifest', () => {
  assert.ok(manifest.files.length >= 30)
  for (const entry of manifest.files) {
    const digest = createHash('sha256').update(readFileSync(path.join(evalDir, entry.file))).digest('hex')
    assert.equal(digest, entry.sha256, entry.file)
  }
})

for (const entry of manifest.files) {
  test(`${entry.file} (${entry.kind}) yields text or a classified failure quickly`, async () => {
    const started = performance.now()
    const outcome = await outcomeOf(entry.file)
    const elapsed = performance.now() - started
    assert.ok(elapsed < perFileLimitMs, `${entry.file} took ${Math.round(elapsed)} ms`)
    if ('code' in outcome) assert.ok(failureCodes.has(outcome.code), `${entry.file}: ${outcome.code}`)
    // The corpus generator's table of expected outcomes (shared with the demo) must hold.
    const expected = expectedOutcome(entry.file, entry.kind)
    if (expected === 'text') assert.ok('document' in outcome, `${entry.file}: expected text, got ${JSON.stringify(outcome)}`)
    else assert.deepEqual(outcome, { code: expected.toUpperCase() })
    outcomes.set(entry.file, outcome)
  })
}

test('expected texts come out right', () => {
  const expectText = (file: string): string => textOf(outcomes.get(file) ?? { code: 'missing' }, file)
  assert.equal(expectText('90ms_rksj_h_sample.pdf'), 'Hello ASCII\n日本語テスト', 'Japanese through the 90ms-RKSJ-H CMap')
  assert.equal(expectText('issue13226.pdf'), 'Mitarbeiterinnen und Mitarbeiter arbeiten in über 100 Ländern engagiert im Dienste')
  assert.equal(expectText('text_rise_eol_bug.pdf'), 'E = mc2 is the mass-energy equivalence.', 'a superscript adds no line break')
  assert.equal(expectText('issue18099_reduced.pdf'), 'Hello world!')
  assert.match(expectText('vertical.pdf'), /あいうえお\n日本語/)
  assert.match(expectText('rotation.pdf'), /^This is my first page with normal layout\.\nThis is the second line on the page\.\fThis is my second page\./)
  assert.equal(expectText('hello_world_rotated.pdf'), Array(5).fill('Hello world').join('\f'))
  assert.equal(expectText('annotation-tx.pdf'), 'tx annotation', 'form field values are extracted')
  assert.equal(expectText('issue7665.pdf'), 'Issue 7665', 'AES-256 with an empty user password opens like in any viewer')
  assert.match(expectText('copy_paste_ligatures.pdf'), /ffi/)
  const paper = outcomes.get('tracemonkey.pdf')
  assert.ok(paper !== undefined && 'document' in paper && paper.document.pageCount === 14)
  assert.match(expectText('tracemonkey.pdf'), /^Trace-based Just-in-Time Type Specialization for Dynamic\nLanguages\n/)
})
