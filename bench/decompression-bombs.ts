// Peak memory of the extraction pool under concurrent decompression bombs: `--bombs` PDFs of
// about a megabyte per GiB whose content stream inflates to `--gib` GiB each, handed to a pool of
// `--threads` threads at once, with the document memory budget `--budget-mib` (a huge budget
// shows the behaviour without one). Prints each outcome and the process's peak RSS (VmHWM, the
// kernel's own high-water mark), beside the bound the budget promises: threads x budget + the
// RSS of the same pool after warm-up.
//
//   npx node bench/decompression-bombs.ts [--bombs 4] [--gib 1] [--threads 2] [--budget-mib 512] [--timeout-s 120]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createExtractionPool } from '../lib/extraction/pool.ts'
import { makeDecompressionBomb } from '../test/support/decompression-bomb.ts'

const { values } = parseArgs({
  options: {
    bombs: { type: 'string', default: '4' },
    gib: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    'budget-mib': { type: 'string', default: '512' },
    'timeout-s': { type: 'string', default: '120' }
  }
})
const bombs = Number(values.bombs)
const threads = Number(values.threads)
const budgetMib = Number(values['budget-mib'])
const bomb = await makeDecompressionBomb(Number(values.gib) * 2 ** 30)
const pool = createExtractionPool({ threads, timeoutMs: Number(values['timeout-s']) * 1000, memoryBudgetBytes: budgetMib * 2 ** 20 })
await pool.warmUp()
const baselineMib = residentMib('VmRSS')
const started = performance.now()
const outcomes = await Promise.allSettled(Array.from({ length: bombs }, async () => pool.extract(bomb, { maxPages: 10 })))
const seconds = (performance.now() - started) / 1000
await pool.close()
const reasons = outcomes.map((outcome) => outcome.status === 'fulfilled' ? 'extracted' : (outcome.reason as { code?: string }).code ?? 'error')
console.log(JSON.stringify({
  bombs,
  inflatedGib: Number(values.gib),
  bombFileBytes: bomb.byteLength,
  threads,
  budgetMib,
  outcomes: reasons,
  seconds: Math.round(seconds * 10) / 10,
  baselineRssMib: baselineMib,
  peakRssMib: residentMib('VmHWM'),
  boundMib: threads * budgetMib + baselineMib
}))

/** Resident memory from /proc (Linux): VmRSS now, or VmHWM, the peak since the process started. */
function residentMib (field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))
  return match === null ? Number.NaN : Math.round(Number(match[1]) / 1024)
}
