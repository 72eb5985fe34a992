// Accuracy of the redaction engine on Presidio's recognizer test vectors
// (../shared/eval/presidio/span_vectors.jsonl beside the repository, or the path given as the first argument).
// Every row of an entity Sluice supports is run through the real engine with only that entity
// enabled and threshold 0 (the vectors are recognizer-level: no threshold, no context), and
// spans are compared exactly. Rows whose test gives a count but no (or too few) spans count
// as matched up to that number. Prints a per-entity table; `--json` adds a JSON line, `--misses`
// lists every disagreeing row, `--all-entities` enables every type at once (overlapping
// candidates of other types then compete) and compares only findings of the row's type. Then runs validator_vectors.jsonl (same directory) through the
// validators of the entities Sluice supports.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createRedactor, type Redactor } from '../../lib/redaction/index.ts'
import { builtInEntities } from '../../lib/redaction/detectors/index.ts'
import { deTaxIdValid, peselValid, zaBirthDateValid, zaIdValid } from '../../lib/redaction/validators/national-ids.ts'

interface Row {
  entity: string
  text: string
  expected_len: number
  expected_spans: Array<[number, number]> | null
  spans_complete: boolean
  test: string
  recognizer: string
}

const args = process.argv.slice(2)
const path = args.find((arg) => !arg.startsWith('--')) ?? fileURLToPath(new URL('../../../shared/eval/presidio/span_vectors.jsonl', import.meta.url))
const showMisses = args.includes('--misses')
/** --all-entities: every type enabled at once, only findings of the row's type compared. */
const allEntities = args.includes('--all-entities')

/** Presidio offsets count code points; JavaScript strings count UTF-16 units. */
function codePointToUtf16 (text: string, offset: number): number {
  let units = 0
  let points = 0
  for (const char of text) {
    if (points === offset) return units
    units += char.length
    points++
  }
  return units
}

const rows = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Row)
const redactors = new Map<string, Redactor>()
const totals = new Map<string, { rows: number, tp: number, fp: number, fn: number }>()
const misses: string[] = []

for (const row of rows) {
  if (!builtInEntities.includes(row.entity)) continue
  let redactor = redactors.get(row.entity)
  if (redactor === undefined) {
    redactor = createRedactor({ ...(allEntities ? {} : { entities: [row.entity] }), threshold: 0 })
    redactors.set(row.entity, redactor)
  }
  const predicted = redactor.analyze(row.text).filter((finding) => finding.type === row.entity).map((finding) => `${finding.start}:${finding.end}`)
  const expected = (row.expected_spans ?? []).map(([start, end]) => `${codePointToUtf16(row.text, start)}:${codePointToUtf16(row.text, end)}`)
  const unmatched = new Set(predicted)
  let tp = 0
  for (const span of expected) {
    if (unmatched.delete(span)) tp++
  }
  // Spans the test does not list are credited by count only.
  const unlisted = Math.max(0, row.expected_len - expected.length)
  tp += Math.min(unlisted, unmatched.size)
  const fp = predicted.length - tp
  const fn = row.expected_len - tp
  const total = totals.get(row.entity) ?? { rows: 0, tp: 0, fp: 0, fn: 0 }
  total.rows++
  total.tp += tp
  total.fp += fp
  total.fn += fn
  totals.set(row.entity, total)
  if ((fp > 0 || fn > 0) && showMisses) {
    misses.push(`${row.entity}\t${JSON.stringify(row.text)}\texpected ${JSON.stringify(expected)} (len ${row.expected_len})\tgot ${JSON.stringify(predicted)}\t${row.recognizer}`)
  }
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b)
const lines = ['entity                 rows    TP    FP    FN  precision  recall     F1']
const summary: Record<string, unknown> = {}
let all = { rows: 0, tp: 0, fp: 0, fn: 0 }
for (const [entity, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
  const precision = ratio(total.tp, total.tp + total.fp)
  const recall = ratio(total.tp, total.tp + total.fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  summary[entity] = { ...total, precision, recall, f1 }
  all = { rows: all.rows + total.rows, tp: all.tp + total.tp, fp: all.fp + total.fp, fn: all.fn + total.fn }
  lines.push(`${entity.padEnd(20)} ${String(total.rows).padStart(6)} ${String(total.tp).padStart(5)} ${String(total.fp).padStart(5)} ${String(total.fn).padStart(5)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}  ${f1.toFixed(3).padStart(5)}`)
}
const precision = ratio(all.tp, all.tp + all.fp)
const recall = ratio(all.tp, all.tp + all.fn)
lines.push(`${'ALL (micro)'.padEnd(20)} ${String(all.rows).padStart(6)} ${String(all.tp).padStart(5)} ${String(all.fp).padStart(5)} ${String(all.fn).padStart(5)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}  ${((2 * precision * recall) / (precision + recall)).toFixed(3).padStart(5)}`)
process.stdout.write(lines.join('\n') + '\n')
if (showMisses) process.stdout.write('\nDisagreements:\n' + misses.join('\n') + '\n')
if (args.includes('--json')) process.stdout.write(JSON.stringify({ source: path, entities: summary }) + '\n')

interface ValidatorRow { entity: string, input: string, expected: boolean | null, call: string }

/** Presidio helper calls mapped to Sluice's validators (raw input, no clean-up: separators must fail). */
function sluiceValidator (row: ValidatorRow): ((value: string) => boolean) | undefined {
  if (row.entity === 'PL_PESEL') return peselValid
  if (row.entity === 'DE_TAX_ID') return deTaxIdValid
  if (row.entity === 'ZA_ID_NUMBER') return row.call.includes('_has_valid_birth_date') ? zaBirthDateValid : zaIdValid
  return undefined
}

const validatorPath = path.replace(/span_vectors\.jsonl$/, 'validator_vectors.jsonl')
const validatorRows = readFileSync(validatorPath, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as ValidatorRow)
const validatorTotals = new Map<string, { rows: number, agree: number }>()
const skipped = new Set<string>()
const validatorMisses: string[] = []
for (const row of validatorRows) {
  const validate = sluiceValidator(row)
  if (validate === undefined || row.expected === null) {
    skipped.add(row.entity)
    continue
  }
  const total = validatorTotals.get(row.entity) ?? { rows: 0, agree: 0 }
  total.rows++
  if (validate(row.input) === row.expected) total.agree++
  else validatorMisses.push(`${row.entity}\t${JSON.stringify(row.input)}\texpected ${String(row.expected)}`)
  validatorTotals.set(row.entity, total)
}
const validatorLines = ['', `Validator vectors (${validatorPath})`, 'entity                 rows  agree']
for (const [entity, total] of validatorTotals) validatorLines.push(`${entity.padEnd(20)} ${String(total.rows).padStart(6)} ${String(total.agree).padStart(6)}`)
validatorLines.push(`Not applicable (no Sluice entity): ${[...skipped].filter((entity) => !validatorTotals.has(entity)).join(', ')}`)
process.stdout.write(validatorLines.join('\n') + '\n')
if (showMisses && validatorMisses.length > 0) process.stdout.write(validatorMisses.join('\n') + '\n')
