// `sluice corpus`: writes the seeded sample corpus and its ground-truth manifest to a folder.
import path from 'node:path'
import { exitCodes, type Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { defaultPageCounts, writeCorpus } from '../../bench/corpus/generate.ts'

export const corpusCommand: Command = {
  name: 'corpus',
  summary: 'Generate the sample corpus: realistic PDFs with planted personal data and a ground-truth manifest',
  usage: 'sluice corpus [--out DIR] [--count N] [--seed S] [--pages 1,5,20,100] [--include-eval]',
  details: 'Letters, invoices, forms, table exports and reports with every personal-data type the redaction\n' +
    'engine detects planted at known pages. manifest.json beside the PDFs lists each planted value\n' +
    '(document, page, type, value). The same seed always produces byte-identical files.\n' +
    'Default folder: $SLUICE_HOME/corpus.',
  options: {
    out: { type: 'string', short: 'o', description: 'Folder to write to', default: '$SLUICE_HOME/corpus' },
    count: { type: 'string', short: 'n', description: 'Number of generated documents', default: '20' },
    seed: { type: 'string', description: 'Seed of the generator', default: 'sluice' },
    pages: { type: 'string', description: 'Page counts used in turn, comma separated', default: defaultPageCounts.join(',') },
    'include-eval': { type: 'boolean', description: 'Also copy the real-world PDFs of ../shared/eval/pdfjs into external/' }
  },
  async run ({ values }) {
    const outDir = typeof values.out === 'string' ? path.resolve(values.out) : path.join(loadConfig().stack.home, 'corpus')
    const count = integerOption('count', values.count, 1, 100_000) ?? 20
    const pageCounts = typeof values.pages === 'string' ? values.pages.split(',').map((part) => integerOption('pages', part.trim(), 1, 10_000) as number) : defaultPageCounts
    const seed = typeof values.seed === 'string' ? values.seed : 'sluice'
    const started = performance.now()
    const manifest = await writeCorpus({
      outDir,
      count,
      seed,
      pageCounts,
      includeEval: values['include-eval'] === true,
      onProgress: progressReporter()
    })
    const pages = manifest.documents.reduce((sum, document) => sum + (document.pages ?? 0), 0)
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}Wrote ${manifest.documents.length} documents (${pages} generated pages, ${manifest.planted.length} planted values) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    process.stdout.write(`${path.join(outDir, 'manifest.json')}\n`)
    return exitCodes.ok
  }
}

/** A line rewritten in place on a terminal; one line per tenth of the work in logs and pipes. */
function progressReporter (): (done: number, total: number, file: string) => void {
  if (process.stderr.isTTY) return (done, total, file) => process.stderr.write(`\r${done}/${total} ${file}`.padEnd(72))
  return (done, total, file) => {
    if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) process.stderr.write(`${done}/${total} ${file}\n`)
  }
}
