import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { exitCodes, type Command } from '../command.ts'
import { SluiceError } from '../../lib/errors.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { probeServices, runStackCommand } from '../../infra/run-all/stack.ts'
import { parseBenchOptions } from '../../bench/pipeline/options.ts'
import { evaluateGoals, type BenchReport } from '../../bench/pipeline/report.ts'
import { runBench, writeReports } from '../../bench/pipeline/run-bench.ts'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Benchmark the running pipeline end to end against its extract+redact limit',
  usage: 'sluice bench [--door api|bucket|topic] [--rate N|max] [--duration 2m] [--processors 1,2] [--workers N]',
  details: `
Measures, on this machine with the whole stack on it: upload acceptance (req/s, p50/p99),
end-to-end docs/s from received to stored in ClickHouse and its latency p50/p95/p99, the time
per stage, consumer lag over time and the CPU of every component. Before the pipeline runs, the
limit is measured on the same documents with the same threads: extract+redact alone, extraction
alone and poppler's pdftotext, and the same on --multi-page documents. Each phase (one per
--processors entry at --rate, a steady --latency-rate phase, a steady phase at --limit-share percent
of the measured limit, and --multi-page documents offered at 125 % of their limit) starts a fresh pipeline
with its own topics, consumer groups and database.
Writes bench/results/<timestamp>.json, .md and .svg, and latest.md / latest.svg.`,
  options: {
    door: { type: 'string', description: 'Door to drive: api, bucket or topic', default: 'api' },
    rate: { type: 'string', description: 'Documents offered per second, or "max" for flat out', default: 'max' },
    duration: { type: 'string', description: 'Load time per phase (e.g. 20s, 2m)', default: '2m' },
    'drain-timeout': { type: 'string', description: 'Longest wait after the load for accepted documents to finish', default: '90s' },
    processors: { type: 'string', description: 'Processor process counts to compare, one phase each', default: '1,2' },
    workers: { type: 'string', description: 'Worker threads per processor process (and for the limit)', default: 'SLUICE_PROCESSOR_WORKERS' },
    'latency-rate': { type: 'string', description: 'Rate of the extra steady phase for e2e latency; 0 skips it', default: '100' },
    'limit-share': { type: 'string', description: 'Percent of the measured extract+redact limit offered in a steady phase for e2e latency; 0 skips it', default: '60' },
    'multi-page': { type: 'string', description: 'Pages per document of the multi-page phase (pages/s, extraction vs pdftotext); 0 skips it', default: '20' },
    'extra-duration': { type: 'string', description: 'Load time of the --limit-share and --multi-page phases', default: '60s' },
    pages: { type: 'string', description: 'Pages per generated document', default: '1' },
    documents: { type: 'string', description: 'Distinct documents generated and sent round-robin', default: '200' },
    concurrency: { type: 'string', description: 'Requests in flight when flat out', default: '16' },
    seed: { type: 'string', description: 'Corpus seed', default: 'sluice-bench' },
    'skip-limit': { type: 'boolean', description: 'Do not measure the extract+redact limit and pdftotext' },
    out: { type: 'string', description: 'Folder for the results', default: 'bench/results' },
    keep: { type: 'boolean', description: 'Keep the run\'s buckets and ClickHouse databases' },
    render: { type: 'string', description: 'Only re-render the Markdown and SVG of a saved run from its JSON file' },
    'no-stack': { type: 'boolean', description: 'Use the external services configured by SLUICE_* variables' }
  },
  async run ({ values }) {
    if (typeof values.render === 'string') return rerender(values.render)
    const config = loadConfig()
    const options = parseBenchOptions(values, config.processor.workers)
    if (values['no-stack'] === true) await probeServices(config)
    else await runStackCommand('up')
    const say = (line: string): void => { process.stderr.write(`bench: ${line}\n`) }
    const command = `npx sluice bench ${process.argv.slice(3).join(' ')}`.trim()
    const { report, files } = await runBench(config, options, command, say)
    for (const goal of evaluateGoals(report)) {
      process.stdout.write(`${goal.goal}: ${goal.measured} (target ${goal.target}${goal.met === null ? '' : goal.met ? ', met' : ', not met'})\n`)
    }
    process.stdout.write(`\nSummary: ${files.markdown}\nChart:   ${files.chart}\nData:    ${files.json}\n`)
    return exitCodes.ok
  }
}

async function rerender (jsonFile: string): Promise<number> {
  let report: BenchReport
  try {
    report = JSON.parse(await readFile(jsonFile, 'utf8')) as BenchReport
  } catch (error) {
    throw new SluiceError('USAGE', `--render needs a benchmark JSON file: ${(error as Error).message}`)
  }
  const files = await writeReports(report, dirname(jsonFile), basename(jsonFile, '.json'))
  process.stdout.write(`Summary: ${files.markdown}\nChart:   ${files.chart}\n`)
  return exitCodes.ok
}
