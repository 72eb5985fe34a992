// Runs a small `sluice demo` end to end on the real local stack, as a user would (the CLI as a
// child process), with names of its own so it never touches the default topics, buckets,
// groups or database. The demo itself checks every document and the privacy of every output;
// this test checks that it says so and exits 0, and that the services it started are gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createClickHouse, clickHouseOptions } from '../../../../lib/clickhouse/client.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { pipelineTestEnv, removeTestResources } from '../../../support/ingest.ts'
import { runSluice } from '../../../support/run-program.ts'

test('a 20-document demo accounts for every document, shows the analytics and finds no planted value in any output', { timeout: 170_000 }, async () => {
  const env = await pipelineTestEnv('demo')
  const config = loadConfig(env)
  try {
    const { code, stdout, stderr } = await runSluice(['demo', '--documents', '20', '--timeout', '100s', '--no-stack'], env)
    assert.equal(code, 0, `demo failed:\n${stdout}\n${stderr}`)
    assert.match(stdout, /Sent 22 documents: 7 by HTTP upload, 9 by bucket drop, 6 by topic publish/)
    assert.match(stdout, /Accounted for in ClickHouse: 22\/22 \(20 processed, 2 failed\)/)
    assert.match(stdout, /Failures by reason\n\s+(corrupt|not_pdf)\s+1\n\s+(corrupt|not_pdf)\s+1/)
    assert.match(stdout, /Redactions by PII type\n\s+[A-Z_]+\s+\d+ in \d+ docs/)
    assert.match(stdout, new RegExp(`Redacted outputs: s3://${config.s3.resultsBucket}/documents/`))
    assert.match(stdout, /Privacy check: [1-9]\d* planted values \(each in its encoded forms too\) searched in \d+ places/)
    assert.match(stdout, /objects s3:\/\/it-results-[^/]+\/: [1-9]\d* objects, clean/)
    // The uploads' idempotency records are read, and the bucket drops' raw keys are where the design keeps them.
    assert.match(stdout, /objects s3:\/\/it-inbox-[^/]+\/_sluice\/: [1-9]\d* objects, clean/)
    assert.match(stdout, /topic it-received-[^:]+: \d+ messages, clean \([1-9]\d* match(es)? in raw object-key fields, kept by design\)/)
    assert.match(stdout, /Privacy check passed/)
    assert.match(stdout, /Result: OK/)
    assert.match(stderr, /demo: Stopping the services/)
  } finally {
    await removeTestResources(config).catch(() => {})
    const clickhouse = createClickHouse(clickHouseOptions(config))
    await clickhouse.exec(`DROP DATABASE IF EXISTS ${config.clickhouse.database}`).catch(() => {})
    await clickhouse.close()
  }
})
