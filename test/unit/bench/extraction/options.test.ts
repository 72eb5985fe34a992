import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatCorpusResult, optionSets } from '../../../../bench/extraction/options.ts'
import { extractionOptions } from '../../../../lib/extraction/options.ts'

/** The option names whose values differ between two sets of options. */
function changedKeys (options: typeof extractionOptions): string[] {
  const documentKeys = new Set([...Object.keys(options.document), ...Object.keys(extractionOptions.document)])
  const changed = [...documentKeys].filter((key) => (options.document as Record<string, unknown>)[key] !== (extractionOptions.document as Record<string, unknown>)[key])
  if (options.textContent.disableNormalization !== extractionOptions.textContent.disableNormalization) changed.push('disableNormalization')
  return changed
}

test('the first set is the current options, the second a copy of them (noise control), every other set changes exactly one option', () => {
  const sets = optionSets()
  assert.equal(sets[0]?.options, extractionOptions)
  assert.deepEqual(sets.slice(1).map((set) => changedKeys(set.options)), [[], ['standardFontDataUrl'], ['useSystemFonts'], ['disableFontFace'], ['useWasm'], ['iccUrl'], ['disableNormalization']])
  assert.equal(new Set(sets.map((set) => set.name)).size, sets.length)
  // The current options give no standard font data, so that set adds it back.
  assert.match(sets[2]?.name ?? '', /^with standardFontDataUrl/)
})

test('the table gives each set its CPU per page, its ratios to pdftotext and to the current options, and which files changed', () => {
  const table = formatCorpusResult({
    corpus: 'test corpus',
    files: 3,
    pages: 5,
    skipped: ['broken.pdf (CORRUPT)'],
    pdftotext: { cpuMsPerPage: 4, wallMsPerPage: 9 },
    sets: [
      { name: 'current', cpuMsPerPage: 2, wallMsPerPage: 3, identical: 3, differing: [] },
      { name: 'other', cpuMsPerPage: 3, wallMsPerPage: 3.5, identical: 2, differing: ['b.pdf'] }
    ]
  })
  assert.match(table, /^### test corpus: 3 files, 5 pages; skipped 1: broken\.pdf \(CORRUPT\)/)
  assert.match(table, /\| current \| 2\.00 \| 3\.00 \| 0\.50 \| 1\.000 \| 3\/3 \|/)
  assert.match(table, /\| other \| 3\.00 \| 3\.50 \| 0\.75 \| 1\.500 \| 2\/3 \(differs: b\.pdf\) \|/)
  assert.match(table, /\| pdftotext \(process per file, one at a time\) \| 4\.00 \| 9\.00 \| 1\.00 \| \| \|/)
})
