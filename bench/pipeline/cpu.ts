// CPU time of a process from /proc/<pid>/stat (Linux): user + system time of all its threads,
// which includes a processor's piscina worker threads. Read before and after a run to get
// the CPU seconds each component used.
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'

let ticksPerSecond: number | undefined

function clockTicks (): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** Parses utime and stime (fields 14 and 15) after the `(comm)` field, which may contain spaces. */
export function parseCpuTicks (stat: string): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // afterName[0] is field 3 (state), so field N is afterName[N - 3].
  const user = Number(afterName[11])
  const system = Number(afterName[12])
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`)
  return user + system
}

/** CPU seconds used so far by `pid`, or undefined when the process is gone or /proc is absent. */
export async function cpuSeconds (pid: number): Promise<number | undefined> {
  try {
    return parseCpuTicks(await readFile(`/proc/${pid}/stat`, 'utf8')) / clockTicks()
  } catch {
    return undefined
  }
}

export interface MachineTicks { busy: number, total: number }

/** Whole-machine CPU ticks from the first line of /proc/stat; idle and iowait count as not busy. */
export function parseMachineTicks (procStat: string): MachineTicks {
  const fields = (procStat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number)
  if (fields.length < 5 || fields.some((value) => !Number.isFinite(value))) throw new Error('unexpected /proc/stat')
  const total = fields.reduce((sum, value) => sum + value, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}

export async function machineTicks (): Promise<MachineTicks | undefined> {
  try {
    return parseMachineTicks(await readFile('/proc/stat', 'utf8'))
  } catch {
    return undefined
  }
}

/** Cores busy on average between two readings (all processes: ours, the stack's and everyone else's). */
export function busyCores (before: MachineTicks | undefined, after: MachineTicks | undefined, cores: number): number {
  if (before === undefined || after === undefined || after.total <= before.total) return Number.NaN
  return ((after.busy - before.busy) / (after.total - before.total)) * cores
}
