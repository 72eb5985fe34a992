// What the services expose to monitoring: every /metrics endpoint registered with the local
// Prometheus ($SLUICE_HOME/prometheus/targets, file-based discovery) or named on the command
// line, and every label value Prometheus has stored (/api/v1/labels, /api/v1/label/<name>/values).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { scrapeTargetsDirectory } from '../metrics/scrape-target.ts'
import type { Matcher } from './matcher.ts'
import type { ReportBuilder } from './report.ts'

/** The /metrics URLs of the services currently registered with the local Prometheus. */
export async function registeredMetricsUrls (home: string): Promise<string[]> {
  const directory = scrapeTargetsDirectory(home)
  const files = (await readdir(directory).catch(() => [])).filter((file) => file.endsWith('.json'))
  const urls: string[] = []
  for (const file of files) {
    const groups = JSON.parse(await readFile(join(directory, file), 'utf8').catch(() => '[]')) as Array<{ targets?: unknown }>
    for (const group of groups) {
      for (const target of Array.isArray(group.targets) ? group.targets : []) {
        if (typeof target === 'string') urls.push(`http://${target}/metrics`)
      }
    }
  }
  return urls.sort()
}

export async function scanMetricsEndpoint (url: string, matcher: Matcher, report: ReportBuilder): Promise<void> {
  const place = 'metrics endpoints'
  report.place(place, 'endpoints')
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch(() => undefined)
  // A target file of a service that has stopped: nothing is served there any more.
  if (response === undefined || !response.ok) return
  report.scanned(place, 'endpoints')
  report.matches(place, 'endpoints', url, matcher.find(await response.text()))
}

export async function scanPrometheusLabels (prometheusUrl: string, matcher: Matcher, report: ReportBuilder): Promise<void> {
  const place = `prometheus ${prometheusUrl}`
  report.place(place, 'label values')
  try {
    const labels = await prometheusData(`${prometheusUrl}/api/v1/labels`)
    for (const label of labels) {
      const values = await prometheusData(`${prometheusUrl}/api/v1/label/${encodeURIComponent(label)}/values`)
      report.scanned(place, 'label values', values.length)
      report.matches(place, 'label values', `label ${label}`, matcher.find([label, ...values].join('\n')))
    }
  } catch (error) {
    report.incomplete(place, 'label values', (error as Error).message)
  }
}

async function prometheusData (url: string): Promise<string[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const body = await response.json() as { status?: string, data?: unknown }
  if (body.status !== 'success' || !Array.isArray(body.data)) throw new Error(`${url} did not answer with a list`)
  return body.data.filter((item): item is string => typeof item === 'string')
}
