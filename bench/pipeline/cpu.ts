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
