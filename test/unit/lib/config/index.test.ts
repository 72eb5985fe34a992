import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

test('defaults match the local stack', () => {
  const config = loadConfig({})
  assert.deepEqual(config.kafka.brokers, ['127.0.0.1:9092'])
  assert.equal(config.clickhouse.url, 'http://127.0.0.1:8123')
  assert.equal(config.s3.endpoint, 'http://127.0.0.1:9000')
  assert.equal(config.processor.documentTimeoutMs, 30_000)
  assert.equal(config.api.maxUploadBytes, 50 * 1024 * 1024)
})

test('values are parsed with their units', () => {
  const config = loadConfig({ SLUICE_DOCUMENT_TIMEOUT: '2m', SLUICE_MAX_UPLOAD_BYTES: '10MB', SLUICE_KAFKA_BROKERS: 'a:1, b:2' })
  assert.equal(config.processor.documentTimeoutMs, 120_000)
  assert.equal(config.api.maxUploadBytes, 10_000_000)
  assert.deepEqual(config.kafka.brokers, ['a:1', 'b:2'])
})

test('an invalid value fails with an error naming the variable', () => {
  const cases: Record<string, string> = {
    SLUICE_API_PORT: '99999',
    SLUICE_KAFKA_PARTITIONS: 'twelve',
    SLUICE_CLICKHOUSE_URL: 'not a url',
    SLUICE_CLICKHOUSE_DATABASE: 'x; DROP TABLE y',
    SLUICE_S3_INBOX_BUCKET: 'Upper_Case',
    SLUICE_KAFKA_BROKERS: 'no-port',
    SLUICE_DOCUMENT_TIMEOUT: 'soon',
    SLUICE_REDACTION_THRESHOLD: '2'
  }
  for (const [variable, value] of Object.entries(cases)) {
    assert.throws(() => loadConfig({ [variable]: value }), (error: unknown) => {
      assert.ok(isSluiceError(error, 'CONFIG_INVALID'), `${variable} should be rejected`)
      assert.match(error.message, new RegExp(`^${variable} `))
      return true
    })
  }
})
