import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { isValidPhoneNumber } from 'libphonenumber-js'
import { generateDocument, plantedTypes, writeCorpus, type GeneratedDocument, type PlantedType } from '../../../../bench/corpus/index.ts'
import { extractText } from '../../../../lib/extraction/index.ts'
import { validators } from '../../../../lib/redaction/validators/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { fixturePdfDir } from '../../../support/pdfs.ts'

const spec = { seed: 'unit-test', pageCounts: [1, 5, 20, 100] }

async function digestsOf (dir: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    digests[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex')
  }
  return digests
}

test('the same seed gives byte-identical files and manifest; another seed does not', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sluice-corpus-'))
  try {
    const options = { count: 3, seed: 'same', pageCounts: [1, 5], includeEval: false }
    await writeCorpus({ ...options, outDir: path.join(root, 'a') })
    await writeCorpus({ ...options, outDir: path.join(root, 'b') })
    await writeCorpus({ ...options, seed: 'other', outDir: path.join(root, 'c') })
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => digestsOf(path.join(root, name))))
    assert.equal(Object.keys(a ?? {}).length, 4)
    assert.deepEqual(a, b)
    assert.notDeepEqual(a, c)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})

test('every document plants every supported type, on pages it has', async () => {
  for (let index = 0; index < 4; index++) {
    const document = await generateDocument(spec, index)
    assert.equal(document.pageCount, spec.pageCounts[index])
    const types = new Set(document.planted.map((planted) => planted.type))
    assert.deepEqual([...types].sort(), [...plantedTypes].sort(), document.file)
    for (const planted of document.planted) assert.ok(planted.page >= 1 && planted.page <= document.pageCount)
    for (let page = 1; page <= document.pageCount; page++) assert.ok(document.planted.some((planted) => planted.page === page), `${document.file} page ${page} has no planted value`)
  }
})

/** Independent checks: the redaction engine's own validators, libphonenumber, plain shape rules. */
const validityChecks: Record<PlantedType, (value: string) => boolean> = {
  EMAIL_ADDRESS: (value) => /^[a-z]+\.[a-z]+\d*@[a-z0-9.-]+\.[a-z]{2,}$/.test(value),
  PHONE_NUMBER: (value) => isValidPhoneNumber(value, 'US'),
  CREDIT_CARD: (value) => /^(4|5[1-5]|222[1-9]|3[47]|6011)/.test(value.replace(/\D/g, '')) && (validators.luhn?.(value.replace(/\D/g, '')) ?? false),
  US_SSN: (value) => validators.us_ssn?.(value) ?? false,
  IBAN_CODE: (value) => validators.iban?.(value) ?? false,
  IP_ADDRESS: (value) => /^(\d{1,3}\.){3}\d{1,3}$/.test(value) ? value.split('.').every((octet) => Number(octet) <= 255) : /^[0-9a-f:]+$/.test(value) && value.includes(':'),
  URL: (value) => URL.canParse(value),
  MAC_ADDRESS: (value) => /^[0-9A-F]{2}([:-])([0-9A-F]{2}\1){4}[0-9A-F]{2}$/.test(value),
  CRYPTO: (value) => value.startsWith('bc1') ? (validators.bech32?.(value) ?? false) : (validators.base58check?.(value) ?? false),
  US_ITIN: (value) => validators.us_itin?.(value) ?? false,
  US_PASSPORT: (value) => /^[A-Z]\d{8}$/.test(value),
  US_BANK_NUMBER: (value) => /^\d{8,17}$/.test(value),
  US_DRIVER_LICENSE: (value) => /^[A-Z]\d{7}$/.test(value),
  UK_NHS: (value) => validators.mod11?.(value.replace(/ /g, '')) ?? false,
  DATE_OF_BIRTH: (value) => /^(\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4})$/.test(value),
  UK_NINO: (value) => /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(value),
  ABA_ROUTING_NUMBER: (value) => validators.aba?.(value) ?? false,
  PERSON: (value) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(value),
  // An address line ("12 Oak Street", "Austin, TX 78701", "London SW1A 1AA") or a whole address on one line.
  LOCATION: (value) => /^(?:\d{1,3} [A-Z][a-z]+ [A-Z][a-z]+)?(?:, )?(?:[A-Z][a-z]+,? [A-Z0-9]{1,4}(?: [A-Z0-9]{3,5})?)?$/.test(value) && value.length > 0
}

test('planted values are valid for their type (checksums, issuers, lengths)', async () => {
  let checked = 0
  for (let index = 0; index < 8; index++) {
    const document = await generateDocument({ seed: 'validity', pageCounts: [1, 5] }, index)
    for (const planted of document.planted) {
      assert.ok(validityChecks[planted.type](planted.value), `${planted.type} ${planted.value} is not valid`)
      checked++
    }
  }
  assert.ok(checked > 100)
})

async function assertPlantedValuesExtract (document: GeneratedDocument): Promise<void> {
  const extracted = await extractText(document.bytes, { maxPages: 1000 })
  assert.equal(extracted.pageCount, document.pageCount)
  for (const planted of document.planted) {
    const pageText = extracted.pages[planted.page - 1] ?? ''
    assert.ok(pageText.includes(planted.value), `${document.file}: ${planted.type} "${planted.value}" not found on page ${planted.page}`)
  }
}

test('generated PDFs extract, and each planted value appears on its page', async () => {
  for (let index = 0; index < 8; index++) await assertPlantedValuesExtract(await generateDocument(spec, index))
})

test('--include-eval copies the real-world PDFs of a set and marks them external with the expected outcome', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sluice-corpus-'))
  try {
    // The repository's fixtures have the evaluation set's layout (PDFs beside a MANIFEST.json).
    const manifest = await writeCorpus({ outDir: root, count: 1, seed: 'eval', pageCounts: [1], includeEval: true, evalDir: fixturePdfDir })
    const external = manifest.documents.filter((document) => document.external)
    const setManifest = JSON.parse(await readFile(path.join(fixturePdfDir, 'MANIFEST.json'), 'utf8')) as { files: unknown[] }
    assert.equal(external.length, setManifest.files.length)
    const byFile = new Map(external.map((document) => [document.file, document]))
    assert.equal(byFile.get('external/issue6010_1.pdf')?.expected, 'encrypted')
    assert.equal(byFile.get('external/bug1020226.pdf')?.expected, 'corrupt')
    assert.equal(byFile.get('external/issue13226.pdf')?.expected, 'text')
    assert.equal(byFile.get('external/issue13226.pdf')?.source, 'pdf.js test suite (test/pdfs/issue13226.pdf)')
    const written = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8')) as typeof manifest
    assert.deepEqual(written, manifest)
    const copied = await readFile(path.join(root, 'external/issue13226.pdf'))
    assert.equal(createHash('sha256').update(copied).digest('hex'), byFile.get('external/issue13226.pdf')?.sha256)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})

test('--include-eval without an evaluation set is a usage error that says where it was looked for', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sluice-corpus-'))
  try {
    const evalDir = path.join(root, 'no-such-set')
    await assert.rejects(writeCorpus({ outDir: root, count: 1, seed: 'eval', pageCounts: [1], includeEval: true, evalDir }),
      (error) => isSluiceError(error, 'USAGE') && error.message.includes(evalDir))
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
