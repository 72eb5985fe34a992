// What each pdf.js option costs text extraction: the current options (lib/extraction/options.ts)
// against sets that change one option at a time, per page, on the bench corpus (1-page and
// 20-page generated documents) and on pdf.js's own test files (../shared/eval/pdfjs), with
// poppler's pdftotext on the same files in the same rounds. An option set only pays if it is
// measurably faster AND every file's text stays identical to the current options' text.
//
//   npx --no-install node bench/extraction/options.ts [--rounds 5] [--sample 2s] [--docs-1p 40] [--docs-20p 6] [--pdfjs-dir DIR]
//
// Everything runs on this thread, one document at a time, so CPU time per page is the figure
// (robust to other load on a shared machine); wall time is printed beside it. In each round every
// set goes over the corpus as often as it takes to fill --sample, in a different order of sets
// each round; each figure is the median over rounds.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { duration, integer } from '../../lib/config/parsers.ts'
import { isSluiceError } from '../../lib/errors.ts'
import { extractText } from '../../lib/extraction/index.ts'
import { extractionOptions, type ExtractionOptions } from '../../lib/extraction/options.ts'
import { loadPdfJs, pdfjsDataPaths } from '../../lib/extraction/pdfjs.ts'
import { defaultEvalDir, generateDocument } from '../corpus/index.ts'
import { childrenCpuSeconds } from '../processor-limit.ts'

const run = promisify(execFile)
const command = `npx --no-install node bench/extraction/options.ts ${process.argv.slice(2).join(' ')}`.trim()

export interface OptionSet { name: string, options: ExtractionOptions }

type DocumentOptions = ExtractionOptions['document']

/** The current options with one document option set to `value` (undefined removes it). */
function withDocumentOption<K extends keyof DocumentOptions> (key: K, value: DocumentOptions[K] | undefined): ExtractionOptions {
  const document = { ...extractionOptions.document }
  if (value === undefined) delete document[key]
  else document[key] = value
  return { ...extractionOptions, document }
}

/** Flips an option that holds a data path: on if the current options lack it, off if they have it. */
function togglePath (key: 'standardFontDataUrl' | 'iccUrl' | 'wasmUrl', what: string): OptionSet {
  const present = extractionOptions.document[key] !== undefined
  return { name: `${present ? 'without' : 'with'} ${key} (${what})`, options: withDocumentOption(key, present ? undefined : pdfjsDataPaths[key]) }
}

/** Flips a boolean document option. */
function toggleFlag (key: 'useSystemFonts' | 'useWasm' | 'disableFontFace' | 'stopAtErrors', fallback: boolean, what: string): OptionSet {
  const value = !(extractionOptions.document[key] ?? fallback)
  return { name: `${key}: ${value} (${what})`, options: withDocumentOption(key, value) }
}

export function optionSets (): OptionSet[] {
  const normalisation = !extractionOptions.textContent.disableNormalization
  return [
    { name: 'current (lib/extraction/options.ts)', options: extractionOptions },
    // The same options again, measured as if they were another set: how far apart two identical
    // sets land is the noise every other row has to beat.
    { name: 'current again (noise control)', options: { document: { ...extractionOptions.document }, textContent: { ...extractionOptions.textContent } } },
    togglePath('standardFontDataUrl', 'base-14 font programs for fonts a PDF does not embed'),
    toggleFlag('useSystemFonts', false, 'system-font substitution for fonts not embedded'),
    toggleFlag('disableFontFace', true, 'font faces for drawing'),
    toggleFlag('useWasm', true, 'wasm image and ICC decoders'),
    togglePath('iccUrl', 'ICC colour profiles'),
    { name: `disableNormalization: ${normalisation} (pdf.js's Unicode normalisation of text items)`, options: { ...extractionOptions, textContent: { disableNormalization: normalisation } } }
  ]
}

interface Corpus { name: string, files: Array<{ name: string, path: string, bytes: Uint8Array }> }

interface Sample { cpuMs: number, wallMs: number, pages: number }

interface SetResult {
  name: string
  /** Median over rounds. */
  cpuMsPerPage: number
  wallMsPerPage: number
  /** Files whose text (pages joined by form feeds) equals the current options' text. */
  identical: number
  differing: string[]
}

interface CorpusResult { corpus: string, files: number, pages: number, skipped: string[], pdftotext: { cpuMsPerPage: number, wallMsPerPage: number }, sets: SetResult[] }

/** `passes` times over the corpus; the texts are the last pass's. */
async function extractAll (corpus: Corpus, options: ExtractionOptions, passes = 1): Promise<{ sample: Sample, texts: Map<string, string> }> {
  const texts = new Map<string, string>()
  let pages = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  for (let pass = 0; pass < passes; pass++) {
    for (const file of corpus.files) {
      try {
        const extracted = await extractText(file.bytes, { maxPages: 10_000 }, options)
        pages += extracted.pageCount
        texts.set(file.name, extracted.pages.join('\f'))
      } catch (error) {
        texts.set(file.name, `failed: ${(error as Error).message}`)
      }
    }
  }
  const cpu = process.cpuUsage(cpuBefore)
  return { sample: { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - started, pages }, texts }
}

async function pdftotextAll (corpus: Corpus, pages: number, passes = 1): Promise<Sample> {
  const cpuBefore = await childrenCpuSeconds()
  const started = performance.now()
  for (let pass = 0; pass < passes; pass++) {
    for (const file of corpus.files) await run('pdftotext', ['-q', '-enc', 'UTF-8', file.path, '-'], { maxBuffer: 64 * 1024 * 1024 })
  }
  return { cpuMs: (await childrenCpuSeconds() - cpuBefore) * 1000, wallMs: performance.now() - started, pages: pages * passes }
}

/** Files both the current options and pdftotext read; the others (encrypted, corrupt...) are skipped with their reason. */
async function usableFiles (corpus: Corpus): Promise<{ corpus: Corpus, skipped: string[] }> {
  const skipped: string[] = []
  const files: Corpus['files'] = []
  for (const file of corpus.files) {
    try {
      await extractText(file.bytes, { maxPages: 10_000 })
      await run('pdftotext', ['-q', file.path, '-'], { maxBuffer: 64 * 1024 * 1024 })
      files.push(file)
    } catch (error) {
      skipped.push(`${file.name} (${isSluiceError(error) ? error.code : `pdftotext exit ${String((error as { code?: unknown }).code)}`})`)
    }
  }
  return { corpus: { ...corpus, files }, skipped }
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export async function measureCorpus (input: Corpus, sets: OptionSet[], rounds: number, sampleMs: number): Promise<CorpusResult> {
  const { corpus, skipped } = await usableFiles(input)
  // An untimed pass per set: pdf.js's code optimised, files in the page cache.
  const reference = await extractAll(corpus, extractionOptions)
  for (const set of sets) await extractAll(corpus, set.options)
  const poppler = await pdftotextAll(corpus, reference.sample.pages)
  // A small corpus is gone through several times per sample, so a sample is not lost in timer and scheduler noise.
  const passes = Math.max(1, Math.ceil(sampleMs / (await extractAll(corpus, extractionOptions)).sample.wallMs))
  const popplerPasses = Math.max(1, Math.ceil(sampleMs / poppler.wallMs))
  const samples = new Map<string, Sample[]>(sets.map((set) => [set.name, []]))
  const popplerSamples: Sample[] = []
  const differing = new Map<string, Set<string>>(sets.map((set) => [set.name, new Set()]))
  for (let round = 0; round < rounds; round++) {
    // Rotating the order spreads a neighbour's burst of load over all sets instead of one.
    const order = sets.map((_, index) => sets[(index + round) % sets.length] as OptionSet)
    for (const set of order) {
      const { sample, texts } = await extractAll(corpus, set.options, passes)
      samples.get(set.name)?.push(sample)
      for (const [file, text] of texts) if (text !== reference.texts.get(file)) differing.get(set.name)?.add(file)
    }
    popplerSamples.push(await pdftotextAll(corpus, reference.sample.pages, popplerPasses))
  }
  const perPage = (list: Sample[], key: 'cpuMs' | 'wallMs'): number => median(list.map((sample) => sample[key] / sample.pages))
  return {
    corpus: corpus.name,
    files: corpus.files.length,
    pages: reference.sample.pages,
    skipped,
    pdftotext: { cpuMsPerPage: perPage(popplerSamples, 'cpuMs'), wallMsPerPage: perPage(popplerSamples, 'wallMs') },
    sets: sets.map((set) => {
      const files = [...(differing.get(set.name) ?? [])].sort()
      return {
        name: set.name,
        cpuMsPerPage: perPage(samples.get(set.name) ?? [], 'cpuMs'),
        wallMsPerPage: perPage(samples.get(set.name) ?? [], 'wallMs'),
        identical: corpus.files.length - files.length,
        differing: files
      }
    })
  }
}

export function formatCorpusResult (result: CorpusResult): string {
  const current = result.sets[0]
  const lines = [
    `### ${result.corpus}: ${result.files} files, ${result.pages} pages` + (result.skipped.length > 0 ? `; skipped ${result.skipped.length}: ${result.skipped.join(', ')}` : ''),
    '',
    '| option set | CPU ms/page | wall ms/page | CPU ÷ pdftotext CPU | CPU ÷ current | text identical to current |',
    '|---|---:|---:|---:|---:|---|'
  ]
  for (const set of result.sets) {
    lines.push(`| ${set.name} | ${set.cpuMsPerPage.toFixed(2)} | ${set.wallMsPerPage.toFixed(2)} | ${(set.cpuMsPerPage / result.pdftotext.cpuMsPerPage).toFixed(2)} | ` +
      `${current === undefined ? 'n/a' : (set.cpuMsPerPage / current.cpuMsPerPage).toFixed(3)} | ` +
      `${set.identical}/${result.files}${set.differing.length > 0 ? ` (differs: ${set.differing.slice(0, 4).join(', ')}${set.differing.length > 4 ? ', ...' : ''})` : ''} |`)
  }
  lines.push(`| pdftotext (process per file, one at a time) | ${result.pdftotext.cpuMsPerPage.toFixed(2)} | ${result.pdftotext.wallMsPerPage.toFixed(2)} | 1.00 | | |`, '')
  return lines.join('\n')
}

async function generatedCorpus (folder: string, pages: number, count: number): Promise<Corpus> {
  const files: Corpus['files'] = []
  for (let index = 0; index < count; index++) {
    // The bench's own seed, so these are the documents `sluice bench` sends.
    const document = await generateDocument({ seed: 'sluice-bench', pageCounts: [pages] }, index)
    const file = path.join(folder, document.file)
    await writeFile(file, document.bytes)
    files.push({ name: document.file, path: file, bytes: document.bytes })
  }
  return { name: `bench corpus, ${pages}-page documents (seed "sluice-bench")`, files }
}

async function folderCorpus (dir: string): Promise<Corpus> {
  const names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.pdf')).sort()
  const files = await Promise.all(names.map(async (name) => ({ name, path: path.join(dir, name), bytes: new Uint8Array(await readFile(path.join(dir, name))) })))
  return { name: `pdf.js test files (${dir})`, files }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      sample: { type: 'string', default: '2s' },
      'docs-1p': { type: 'string', default: '40' },
      'docs-20p': { type: 'string', default: '6' },
      'pdfjs-dir': { type: 'string', default: defaultEvalDir }
    }
  })
  const rounds = integer(1, 100)(values.rounds)
  const sampleMs = duration(0, 600_000)(values.sample)
  const popplerVersion = await run('pdftotext', ['-v']).then((result) => `${result.stdout}${result.stderr}`.trim().split('\n')[0], () => undefined)
  if (popplerVersion === undefined) {
    process.stderr.write('pdftotext not found (poppler-utils; `sluice stack up` installs it).\n')
    process.exit(4)
  }
  const loadBefore = os.loadavg()[0] as number
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sluice-options-'))
  const sets = optionSets()
  const sections: string[] = []
  try {
    const corpora = [await generatedCorpus(folder, 1, integer(1, 10_000)(values['docs-1p'])), await generatedCorpus(folder, 20, integer(1, 1000)(values['docs-20p']))]
    if (existsSync(values['pdfjs-dir'])) corpora.push(await folderCorpus(values['pdfjs-dir']))
    else process.stderr.write(`no pdf.js corpus at ${values['pdfjs-dir']}; measuring the bench corpus only\n`)
    for (const corpus of corpora) {
      process.stderr.write(`measuring ${corpus.name}...\n`)
      sections.push(formatCorpusResult(await measureCorpus(corpus, sets, rounds, sampleMs)))
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  process.stdout.write([
    `pdf.js options for text extraction (${command}): ${rounds} rounds of at least ${sampleMs / 1000} s per set and corpus, medians; pdfjs-dist ${(await loadPdfJs()).version}; ${popplerVersion}`,
    `machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}); 1-minute load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] as number).toFixed(1)} after; node ${process.version}`,
    'CPU ms/page: this thread\'s CPU (pdf.js runs on it, one document at a time) ÷ pages; pdftotext: CPU of its processes, start-up included.',
    '',
    ...sections
  ].join('\n'))
}
