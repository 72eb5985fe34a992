// Upload acceptance throughput of a running API: autocannon POSTs the same 1-page PDF as a raw
// application/pdf body over N connections for D seconds. Every 202 means the object was stored
// and its event acknowledged by Kafka, so this measures the whole acceptance path. In the same run
// it measures GET /healthz on the same server and connections (HTTP without storage or Kafka), so
// the ratio says how much of the ceiling the acceptance path keeps on this (shared, noisy) machine.
// Usage: npx node bench/upload.ts [--url http://127.0.0.1:8080] [--connections 16] [--duration 15] [--key sluice-dev-key]
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { PDFDocument, StandardFonts } from 'pdf-lib'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '15' },
    key: { type: 'string', default: process.env.SLUICE_API_KEYS?.split(',')[0] ?? 'sluice-dev-key' }
  }
})

async function onePagePdf (): Promise<Buffer> {
  const document = await PDFDocument.create()
  const page = document.addPage([595, 842])
  const font = await document.embedFont(StandardFonts.Helvetica)
  page.drawText('Invoice 2026-0042 for Jane Example, jane@example.com, +44 20 7946 0958', { x: 40, y: 780, size: 11, font })
  return Buffer.from(await document.save())
}

const body = await onePagePdf()
const baseline = await autocannon({
  url: `${values.url}/healthz`,
  connections: Number(values.connections),
  duration: Math.max(3, Math.round(Number(values.duration) / 3))
})
const result = await autocannon({
  url: `${values.url}/v1/documents`,
  method: 'POST',
  connections: Number(values.connections),
  duration: Number(values.duration),
  headers: { authorization: `Bearer ${values.key}`, 'content-type': 'application/pdf' },
  body
})
const accepted = result['2xx']
const summary = {
  url: values.url,
  pdfBytes: body.length,
  connections: Number(values.connections),
  durationSeconds: result.duration,
  accepted,
  nonAccepted: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  acceptedPerSecond: Number((accepted / result.duration).toFixed(1)),
  requestsPerSecondMean: result.requests.average,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  healthzPerSecond: baseline.requests.average,
  healthzLatencyMs: { p50: baseline.latency.p50, p99: baseline.latency.p99 },
  acceptedVsHealthz: Number((accepted / result.duration / baseline.requests.average).toFixed(3)),
  loadAverage1m: Number(loadavg()[0]?.toFixed(1))
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
process.exitCode = result.non2xx > 0 || result.errors > 0 ? 1 : 0
