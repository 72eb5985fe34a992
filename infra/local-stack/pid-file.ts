// Pid files record which process the stack started for a service, with a marker string
// (a path unique to this SLUICE_HOME) that must appear on that process' command line.
// A pid alone is not enough: after a crash or reboot the number may belong to anything.
import { readFile, rm, writeFile, rename, mkdir } from 'node:fs/promises'
import path from 'node:path'

export interface PidRecord { pid: number, marker: string, startedAt: string }

export function parsePidRecord (text: string): PidRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<PidRecord>
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 1) return undefined
    if (typeof value.marker !== 'string' || value.marker === '') return undefined
    return { pid: value.pid as number, marker: value.marker, startedAt: String(value.startedAt ?? '') }
  } catch {
    return undefined
  }
}

export async function readPidRecord (file: string): Promise<PidRecord | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  return text === undefined ? undefined : parsePidRecord(text)
}

export async function writePidRecord (file: string, record: PidRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(record) + '\n')
  await rename(temporary, file)
}

export async function removePidRecord (file: string): Promise<void> {
  await rm(file, { force: true })
}

/** `/proc/<pid>/cmdline` separates arguments with NUL bytes. */
export function commandLineMatches (rawCommandLine: string, marker: string): boolean {
  return rawCommandLine.split('\0').join(' ').includes(marker)
}

/** The state letter of `/proc/<pid>/stat` comes after the parenthesised name, which may hold spaces. */
export function isZombieStat (stat: string): boolean {
  const afterName = stat.slice(stat.lastIndexOf(')') + 1).trim()
  return afterName.startsWith('Z') || afterName.startsWith('X')
}

/** True when `record.pid` is alive and is still the process the stack started. */
export async function isRecordedProcessRunning (record: PidRecord): Promise<boolean> {
  const [stat, commandLine] = await Promise.all([
    readFile(`/proc/${record.pid}/stat`, 'utf8').catch(() => undefined),
    readFile(`/proc/${record.pid}/cmdline`, 'utf8').catch(() => undefined)
  ])
  if (stat === undefined || commandLine === undefined || isZombieStat(stat)) return false
  return commandLineMatches(commandLine, record.marker)
}
