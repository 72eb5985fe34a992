// Real-world PDFs (pdf.js's own test files: encrypted, corrupt, CID/Type3 fonts, rotated,
// vertical, forms) must quickly yield text or a classified failure. The repository carries a
// few of them (test/fixtures/pdfs), which always run; the whole evaluation set beside the
// repository (../shared/eval/pdfjs) runs too where it is present and is skipped with a reason
// where it is not.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { extractText, type ExtractedDocument } from '../../../../lib/extraction/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { expectedOutcome } from '../../../../bench/corpus/index.ts'
import { readPdf, repositoryPdfs, sharedEvalPdfs, sharedEvalSkip, type PdfSet } from '../../../support/pdf-sets.ts'

/** Generous for a shared 2-core machine; the slowest file (a 14-page paper) takes well under 1 s. */
const perFileLimitMs = 5000
const failureCodes = new Set(['NOT_PDF', 'ENCRYPTED', 'CORRUPT', 'TOO_MANY_PAGES', 'EMPTY'])

type Outcome = { document: ExtractedDocument } | { code: string }

/** What pdf.js's own tests (api_spec.js, test_manifest.json) expect of the file's text. */
const expectedTexts: Record<string, { text: string | RegExp, why?: string }> = {
  '90ms_rksj_h_sample.pdf': { text: 'Hello ASCII\n日本語テスト', why: 'Japanese through the 90ms-RKSJ-H CMap' },
  'issue13226.pdf': { text: 'Mitarbeiterinnen und Mitarbeiter arbeiten in über 100 Ländern engagiert im Dienste' },
  'text_rise_eol_bug.pdf': { text: 'E = mc2 is the mass-energy equivalence.', why: 'a superscript adds no line break' },
  'issue18099_reduced.pdf': { text: 'Hello world!' },
  'vertical.pdf': { text: /あいうえお\n日本語/ },
  'rotation.pdf': { text: /^This is my first page with normal layout\.\nThis is the second line on the page\.\fThis is my second page\./ },
  'hello_world_rotated.pdf': { text: Array(5).fill('Hello world').join('\f') },
  'annotation-tx.pdf': { text: 'tx annotation', why: 'form field values are extracted' },
  'issue7665.pdf': { text: 'Issue 7665', why: 'AES-256 with an empty user password opens like in any viewer' },
  'copy_paste_ligatures.pdf': { text: /ffi/ },
  'tracemonkey.pdf': { text: /^Trace-based Just-in-Time Type Specialization for Dynamic\nLanguages\n/ }
}

async function outcomeOf (set: PdfSet, file: string): Promise<Outcome> {
  try {
    return { document: await extractText(readPdf(set, file), { maxPages: 100 }) }
  } catch (error) {
    assert.ok(isSluiceError(error), `${file}: unclassified failure ${String(error)}`)
    return { code: error.code }
  }
}

function checkSet (set: PdfSet | undefined, name: string, skip: string | false): void {
  describe(name, { skip }, () => {
    if (set === undefined) return
    test('the files are present and match their manifest', () => {
      for (const entry of set.files) {
        assert.equal(createHash('sha256').update(readPdf(set, entry.file)).digest('hex'), entry.sha256, entry.file)
      }
    })

    for (const entry of set.files) {
      test(`${entry.file} (${entry.kind}) yields its expected outcome quickly`, async () => {
        const started = performance.now()
        const outcome = await outcomeOf(set, entry.file)
        const elapsed = performance.now() - started
        assert.ok(elapsed < perFileLimitMs, `${entry.file} took ${Math.round(elapsed)} ms`)
        if ('code' in outcome) assert.ok(failureCodes.has(outcome.code), `${entry.file}: ${outcome.code}`)
        // The corpus generator's table of expected outcomes (shared with the demo) must hold.
        const expected = expectedOutcome(entry.file, entry.kind)
        if (expected !== 'text') {
          assert.deepEqual(outcome, { code: expected.toUpperCase() })
          return
        }
        assert.ok('document' in outcome, `${entry.file}: expected text, got ${JSON.stringify(outcome)}`)
        const truth = expectedTexts[entry.file]
        if (truth === undefined) return
        const text = outcome.document.pages.join('\f')
        if (typeof truth.text === 'string') assert.equal(text, truth.text, truth.why)
        else assert.match(text, truth.text, truth.why)
      })
    }
  })
}

checkSet(repositoryPdfs, 'the real-world PDFs the repository carries', false)
checkSet(sharedEvalPdfs, 'the whole evaluation set beside the repository', sharedEvalSkip)

test('the repository\'s fixtures cover encrypted, corrupt and known-text files', () => {
  const outcomes = repositoryPdfs.files.map((entry) => expectedOutcome(entry.file, entry.kind))
  assert.ok(outcomes.includes('encrypted') && outcomes.includes('corrupt'))
  assert.ok(repositoryPdfs.files.filter((entry) => expectedTexts[entry.file] !== undefined).length >= 5)
})

test('the 14-page paper of the evaluation set has all its pages', { skip: sharedEvalSkip }, async () => {
  const outcome = await outcomeOf(sharedEvalPdfs as PdfSet, 'tracemonkey.pdf')
  assert.ok('document' in outcome && outcome.document.pageCount === 14)
})
