// Names and places benchmark: PERSON/LOCATION precision, recall and span F1, character recall,
// false positives on business prose with no names, and CPU seconds per MB, on the labelled set
// in bench/redaction/names-data (see make_names_data.py for how it is built and split).
// Sluice runs with its default engine (every built-in type, threshold 0.5) and, for reference,
// without the PERSON/LOCATION detectors. With --presidio, Presidio (presidio-analyzer + spaCy
// small English, bench/redaction/presidio_run.py) runs as a child process on the same texts and
// is scored by the same rules (names-score.ts) at the same threshold. CPU time is the analysing
// process's own: process.cpuUsage around Sluice's analyze calls, time.process_time around
// Presidio's analyze calls (model loading excluded for both).
// Usage: npx --no-install node bench/redaction/names.ts [--split dev|heldout|all] [--presidio] [--json] [--misses]
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createRedactor } from '../../lib/redaction/index.ts'
import { builtInEntities } from '../../lib/redaction/detectors/index.ts'
import { foldKey } from '../../lib/redaction/names/fold.ts'
import { nameLexicons } from '../../lib/redaction/names/lexicons.ts'
import { matchSpans, scoredTypes, scoreFindings, type LabelledDocument, type Score, type Span } from './names-score.ts'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1] ?? fallback
}
const split = option('split', 'heldout')
if (!['dev', 'heldout', 'all'].includes(split)) throw new Error(`--split must be dev, heldout or all, got ${split}`)
const THRESHOLD = 0.5
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url))
const datasetFiles = (split === 'all' ? ['dev', 'heldout'] : [split]).map((name) => here(`names-data/${name}.jsonl`))
const documents: LabelledDocument[] = datasetFiles.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as LabelledDocument))
const megabytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0) / 1e6

interface SystemResult { system: string, score: Score, cpuSecondsPerMB: number, findings: Map<string, Span[]> }

function runSluice (system: string, entities: string[] | undefined): SystemResult {
  const redactor = createRedactor({ ...(entities === undefined ? {} : { entities }), threshold: THRESHOLD })
  redactor.analyze(documents[0]!.text)
  const findings = new Map<string, Span[]>()
  let cpuMicros = 0
  for (const document of documents) {
    const started = process.cpuUsage()
    const found = redactor.analyze(document.text)
    const used = process.cpuUsage(started)
    cpuMicros += used.user + used.system
    findings.set(document.id, found)
  }
  return { system, score: scoreFindings(documents, findings), cpuSecondsPerMB: cpuMicros / 1e6 / megabytes, findings }
}

const venvPython = here('.venv/bin/python')

async function runPresidio (): Promise<SystemResult | string> {
  if (!existsSync(venvPython)) return 'Presidio is not installed: run bench/redaction/setup-presidio.sh (Python 3.10+, PyPI) and add --presidio.'
  const findings = new Map<string, Span[]>()
  let cpuSeconds = 0
  for (const file of datasetFiles) {
    let stdout: string
    try {
      stdout = (await promisify(execFile)(venvPython, [here('presidio_run.py'), file, '--threshold', String(THRESHOLD)], { maxBuffer: 256 * 1024 * 1024 })).stdout
    } catch (error) {
      return `Presidio failed (${(error as Error).message.split('\n')[0]}): rerun bench/redaction/setup-presidio.sh.`
    }
    for (const line of stdout.split('\n')) {
      if (line.trim() === '') continue
      const row = JSON.parse(line) as { id?: string, findings?: Span[], summary?: { cpuSeconds: number } }
      if (row.summary !== undefined) cpuSeconds += row.summary.cpuSeconds
      else findings.set(row.id!, row.findings!)
    }
  }
  return { system: 'Presidio 2.2 + spaCy en_core_web_sm', score: scoreFindings(documents, findings), cpuSecondsPerMB: cpuSeconds / megabytes, findings }
}

const namesEngine = scoredTypes.every((type) => builtInEntities.includes(type))
const results: SystemResult[] = []
if (namesEngine) results.push(runSluice('Sluice (default engine)', undefined))
results.push(runSluice(namesEngine ? 'Sluice without PERSON/LOCATION' : 'Sluice (no PERSON/LOCATION detectors yet)', builtInEntities.filter((type) => !(scoredTypes as readonly string[]).includes(type))))
const notes: string[] = []
if (args.includes('--presidio')) {
  const presidio = await runPresidio()
  if (typeof presidio === 'string') notes.push(presidio)
  else results.push(presidio)
} else {
  notes.push('Presidio not run: add --presidio (after bench/redaction/setup-presidio.sh) for the side-by-side figures.')
}

const goldCounts = scoredTypes.map((type) => `${type} ${documents.reduce((sum, document) => sum + document.spans.filter((span) => span.type === type).length, 0)}`).join(', ')
const lines = [
  `Split ${split}: ${documents.length} documents, ${megabytes.toFixed(3)} MB, gold spans: ${goldCounts}; threshold ${THRESHOLD}; span match: overlap >= 0.5 of the union, same type`,
  'system                                     PERSON P/R/F1        LOCATION P/R/F1      char recall  FP/1000 words  FP docs  CPU s/MB'
]
const triple = (score: Score, type: typeof scoredTypes[number]): string => {
  const entry = score.byType[type]
  return `${entry.precision.toFixed(3)}/${entry.recall.toFixed(3)}/${entry.f1.toFixed(3)}`
}
for (const result of results) {
  lines.push([
    result.system.padEnd(42),
    triple(result.score, 'PERSON').padEnd(20),
    triple(result.score, 'LOCATION').padEnd(20),
    result.score.characterRecall.toFixed(3).padStart(11),
    result.score.falsePositivesPer1000Words.toFixed(2).padStart(14),
    `${(result.score.distractorDocumentsWithFindings * 100).toFixed(0)}%`.padStart(8),
    result.cpuSecondsPerMB.toFixed(result.cpuSecondsPerMB < 1 ? 3 : 1).padStart(9)
  ].join(' '))
}
// Generalisation: recall on gold names with a word that none of the engine's name lexicons holds
// (the dataset's names come from other sources, so these are names the engine never saw).
const lexicons = nameLexicons()
const unknownWord = (name: string): boolean => (name.match(/\p{L}[\p{L}'’]*/gu) ?? []).filter((word) => word.length > 1).some((word) => !lexicons.personNames.has(foldKey(word)) && !lexicons.givenNames.has(foldKey(word)))
for (const result of results.filter((entry) => entry.score.byType.PERSON.predicted > 0)) {
  let unseen = 0
  let found = 0
  for (const document of documents) {
    const predicted = (result.findings.get(document.id) ?? []).filter((span) => span.type === 'PERSON')
    for (const span of document.spans) {
      if (span.type !== 'PERSON' || !unknownWord(document.text.slice(span.start, span.end))) continue
      unseen++
      found += matchSpans([span], predicted)
    }
  }
  notes.push(`${result.system}: PERSON recall on the ${unseen} names with a word outside Sluice's name lexicons: ${(found / Math.max(1, unseen)).toFixed(3)}`)
}
process.stdout.write(lines.concat(notes).join('\n') + '\n')

if (args.includes('--misses')) {
  const first = results[0]!
  for (const document of documents) {
    const found = (first.findings.get(document.id) ?? []).filter((span) => (scoredTypes as readonly string[]).includes(span.type))
    const show = (spans: readonly Span[]): string => spans.map((span) => `${span.type}:${JSON.stringify(document.text.slice(span.start, span.end))}`).join(' ')
    const gold = show(document.spans)
    const predicted = show(found)
    if (gold !== predicted) process.stdout.write(`${document.id} ${document.style}\n  gold: ${gold}\n  got:  ${predicted}\n`)
  }
}
if (args.includes('--json')) {
  process.stdout.write(JSON.stringify({ split, documents: documents.length, megabytes, threshold: THRESHOLD, results: results.map(({ system, score, cpuSecondsPerMB }) => ({ system, ...score, cpuSecondsPerMB })) }) + '\n')
}
