// Finds the local stack's server processes by their command line, so the benchmark can say
// how much CPU Kafka, the registry, the S3 server, ClickHouse and Prometheus took from the same
// two cores as the pipeline. Read-only: nothing here signals a process.
import { readdir, readFile } from 'node:fs/promises'

const patterns: Array<{ name: string, test: (commandLine: string) => boolean }> = [
  { name: 'kafka', test: (line) => line.includes('kafka.Kafka') },
  { name: 'schema registry', test: (line) => line.includes('quarkus-run.jar') || line.includes('apicurio') },
  { name: 's3 (versitygw)', test: (line) => line.includes('versitygw') },
  { name: 'clickhouse', test: (line) => line.includes('clickhouse-server') || line.startsWith('clickhouse server') },
  { name: 'prometheus', test: (line) => /(^|\/)prometheus /.test(line) }
]

export interface NamedProcess { name: string, pid: number }

export async function findStackProcesses (): Promise<NamedProcess[]> {
  const found: NamedProcess[] = []
  let entries: string[]
  try {
    entries = await readdir('/proc')
  } catch {
    return found
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').then((raw) => raw.split('\0').join(' '), () => '')
    const match = patterns.find((pattern) => pattern.test(commandLine))
    if (match !== undefined) found.push({ name: match.name, pid: Number(entry) })
  }
  return found
}
