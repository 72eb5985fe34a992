// Recall of the redaction engine on the sample corpus (bench/corpus): realistic PDFs with
// planted personal data and their ground truth. Each document is generated, its text extracted
// by the real extractor, redacted with the default engine (default threshold and context), and
// every planted value is checked: it must not survive in the redacted page, and a finding of
// the planted type should cover it. Also counts findings that cover no planted value (possible
// false positives, e.g. the generator's filler numbers).
// Usage: npx node bench/redaction/planted.ts [--documents 20] [--seed sluice] [--misses]
import { generateDocument } from '../corpus/index.ts'
import { extractText } from '../../lib/extraction/index.ts'
import { createRedactor } from '../../lib/redaction/index.ts'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1] ?? fallback
}
const documentCount = Number(option('documents', '20'))
const seed = option('seed', 'sluice')
const showMisses = args.includes('--misses')

const redactor = createRedactor()
const perType = new Map<string, { planted: number, removed: number, typed: number }>()
const unmatchedFindings = new Map<string, number>()
const misses: string[] = []

for (let index = 0; index < documentCount; index++) {
  const document = await generateDocument({ seed, pageCounts: [1, 5, 20] }, index)
  const extracted = await extractText(document.bytes, { maxPages: 1000 })
  for (let page = 0; page < extracted.pages.length; page++) {
    const text = extracted.pages[page]!
    const { redacted, findings } = redactor.redact(text)
    const covered = new Set<number>()
    // A value planted twice on a page is looked up from after its previous occurrence.
    const searchFrom = new Map<string, number>()
    for (const planted of document.planted.filter((entry) => entry.page === page + 1)) {
      const stats = perType.get(planted.type) ?? { planted: 0, removed: 0, typed: 0 }
      stats.planted++
      if (!redacted.includes(planted.value)) stats.removed++
      const start = text.indexOf(planted.value, searchFrom.get(planted.value) ?? 0)
      if (start !== -1) searchFrom.set(planted.value, start + planted.value.length)
      const finding = findings.findIndex((candidate) => start !== -1 && candidate.start <= start && candidate.end >= start + planted.value.length)
      if (finding !== -1) {
        covered.add(finding)
        if (findings[finding]!.type === planted.type) stats.typed++
        else if (showMisses) misses.push(`${planted.type} found as ${findings[finding]!.type}: ${planted.value}`)
      } else if (showMisses) {
        const at = Math.max(0, start)
        misses.push(`${planted.type} missed: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + planted.value.length + 10))}`)
      }
      perType.set(planted.type, stats)
    }
    findings.forEach((finding, position) => {
      if (!covered.has(position)) unmatchedFindings.set(finding.type, (unmatchedFindings.get(finding.type) ?? 0) + 1)
    })
  }
}

const lines = [`${documentCount} generated documents (seed "${seed}"), default engine (threshold 0.5)`, 'type                  planted  removed  found-as-type  recall(type)']
for (const [type, stats] of [...perType].sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`${type.padEnd(20)} ${String(stats.planted).padStart(8)} ${String(stats.removed).padStart(8)} ${String(stats.typed).padStart(14)} ${(stats.typed / stats.planted).toFixed(3).padStart(13)}`)
}
lines.push('', `Findings covering no planted value: ${JSON.stringify(Object.fromEntries(unmatchedFindings))}`)
process.stdout.write(lines.join('\n') + '\n')
if (showMisses) process.stdout.write('\n' + misses.join('\n') + '\n')
