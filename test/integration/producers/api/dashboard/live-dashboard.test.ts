// The built-in live dashboard end to end: a real pipeline uploads documents, the real
// Prometheus scrapes it, and headless Chromium shows the API's GET /dashboard numbers moving.
// The page aggregates every scraped pipeline; on a shared machine others only add to the numbers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { onePagePdf } from '../../../../support/ingest.ts'
import { startPipelineFlow, waitForScrapes, type PipelineFlow } from '../../../../support/pipeline-flow.ts'
import { repositoryPath } from '../../../../support/repository.ts'

const artifacts = repositoryPath('test-artifacts')
const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium'

test('GET /dashboard shows docs/s, lag and latency moving while documents flow', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(chromiumPath), `no Chromium at ${chromiumPath}: apt-get install -y --no-install-recommends chromium (or set SLUICE_CHROMIUM)`)
  let flow: PipelineFlow | undefined
  let browser: Browser | undefined
  try {
    flow = await startPipelineFlow()
    await waitForScrapes(flow.config.prometheus.url, Object.values(flow.metricsPorts))
    // Registered the way the API server registers it (see the report for the line in server.ts).
    // The upload API itself serves the page (producers/api/server.ts registers dashboardRoutes).
    const dashboardUrl = `${flow.apiUrl}/dashboard`

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('requestfailed', (request) => {
      if (!request.url().startsWith(dashboardUrl.replace('/dashboard', ''))) pageErrors.push(`external request ${request.url()}`)
    })
    // The key travels in the fragment, which the page turns into a Bearer token for its data.
    await page.goto(`${dashboardUrl}#key=${flow.apiKey}`)
    await page.waitForFunction(() => document.getElementById('updated-at')?.textContent !== 'never', undefined, { timeout: 15_000 })
    const before = Number(await page.textContent('#docs-per-second'))

    const pdf = await onePagePdf('Invoice for jane.doe@example.com, call +1 415 555 0132')
    const sending = flow.send(pdf, 4, 40)
    // Docs/s rises above zero, the chart draws a line, and the value changes between polls.
    await page.waitForFunction(() => Number(document.getElementById('docs-per-second')?.textContent) > 0.5, undefined, { timeout: 60_000, polling: 500 })
    const seen = new Set<string>()
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && seen.size < 2) {
      seen.add(await page.textContent('#docs-per-second') ?? '')
      await page.waitForTimeout(1000)
    }
    const sent = await sending
    assert.ok(sent.accepted >= 150, `the API accepted ${sent.accepted} of 160 uploads`)
    assert.ok(seen.size >= 2, `docs/s did not move between polls: ${[...seen].join(', ')}`)
    assert.ok(Number.isFinite(before))
    assert.ok(await page.locator('#docs-chart path').count() >= 1, 'the docs/s chart has a line')
    const stages = await page.locator('#stage-latency td:first-child').allTextContents()
    assert.ok(stages.includes('extract') && stages.includes('total'), `stage latency rows: ${stages.join(', ')}`)
    assert.match(await page.textContent('#e2e-p99') ?? '', /^\d/)
    assert.match(await page.textContent('#redactions') ?? '', /EMAIL_ADDRESS/)
    assert.match(await page.textContent('#lag-total') ?? '', /^\d+$/)
    assert.deepEqual(pageErrors, [])

    await mkdir(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true })
  } finally {
    await browser?.close()
    await flow?.stop()
  }
})
