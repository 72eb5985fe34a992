// A process's resident memory as the kernel reports it: VmHWM is the high-water mark since the
// process started, so a peak cannot be missed between two samples.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

export function residentMib (pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  assert.ok(match !== null, `no ${field} for process ${pid}`)
  return Math.round(Number(match[1]) / 1024)
}
