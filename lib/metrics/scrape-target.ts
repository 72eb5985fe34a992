// Registers a /metrics endpoint with the local stack's Prometheus through file-based service
// discovery: one JSON file per endpoint in $SLUICE_HOME/prometheus/targets. Prometheus re-reads
// the directory by itself, so processes come and go without touching its config.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadConfig } from '../config/index.ts'

export interface ScrapeTarget {
  /** Becomes the `job` label, e.g. `sluice-processor`. */
  job: string
  port: number
  host?: string
}

export function scrapeTargetsDirectory (home: string): string {
  return path.join(home, 'prometheus', 'targets')
}

/** The file_sd format: a list of target groups with their labels. */
export function scrapeTargetDocument (target: ScrapeTarget): string {
  return JSON.stringify([{ targets: [`${target.host ?? '127.0.0.1'}:${target.port}`], labels: { job: target.job } }], null, 2) + '\n'
}

/**
 * Writes the target file atomically (Prometheus never sees half a file) and returns a
 * function that removes it again, to call on shutdown.
 */
export async function registerScrapeTarget (target: ScrapeTarget, home: string = loadConfig().stack.home): Promise<() => Promise<void>> {
  if (!/^[A-Za-z0-9_.-]+$/.test(target.job)) throw new Error(`scrape job name must be letters, digits, _ . or -, got "${target.job}"`)
  const directory = scrapeTargetsDirectory(home)
  await mkdir(directory, { recursive: true })
  const file = path.join(directory, `${target.job}-${target.port}.json`)
  const temporary = path.join(directory, `.${target.job}-${target.port}.${process.pid}.tmp`)
  await writeFile(temporary, scrapeTargetDocument(target))
  await rename(temporary, file)
  return async () => { await rm(file, { force: true }) }
}
