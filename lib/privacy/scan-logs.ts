// Log files, read line by line: the local stack's and the services' logs under
// $SLUICE_HOME/logs (`sluice stack`, `sluice demo`), plus any file named on the command line
// (e.g. where `sluice up`'s output was redirected).
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Matcher } from './matcher.ts'
import type { ReportBuilder } from './report.ts'

export async function logFilesIn (directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.log')).map((entry) => join(directory, entry.name)).sort()
}

export async function scanLogFile (file: string, matcher: Matcher, report: ReportBuilder): Promise<void> {
  const place = 'logs'
  report.place(place, 'lines')
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
  let number = 0
  try {
    for await (const line of lines) {
      number++
      report.scanned(place, 'lines')
      report.matches(place, 'lines', `${file}:${number}`, matcher.find(line))
    }
  } catch (error) {
    report.incomplete(place, 'lines', `${file}: ${(error as Error).message}`)
  }
}
