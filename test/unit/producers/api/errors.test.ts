import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { SluiceError } from '../../../../lib/errors.ts'
import { ApiError, apiErrors, errorBody, toApiError } from '../../../../producers/api/errors.ts'
import { createAuthenticator } from '../../../../producers/api/auth.ts'
import { repositoryPath } from '../../../support/repository.ts'

test('document check failures map to precise statuses', () => {
  assert.equal(toApiError(new SluiceError('NOT_PDF', 'x')).status, 422)
  assert.equal(toApiError(new SluiceError('EMPTY', 'x')).code, 'EMPTY_FILE')
  assert.equal(toApiError(new SluiceError('TOO_LARGE', 'x')).status, 413)
})

test('an unavailable service is a 503 naming the stage that failed', () => {
  const down = new SluiceError('SERVICE_UNAVAILABLE', 'refused')
  assert.equal(toApiError(down, 'kafka').code, 'KAFKA_UNAVAILABLE')
  assert.equal(toApiError(down, 'storage').code, 'STORAGE_UNAVAILABLE')
  assert.equal(toApiError(down, 'kafka').status, 503)
})

test('framework and multipart parser errors get our codes', () => {
  assert.equal(toApiError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }).code, 'UNSUPPORTED_MEDIA_TYPE')
  assert.equal(toApiError({ code: 'FST_FILES_LIMIT' }).code, 'TOO_MANY_FILES')
  assert.equal(toApiError({ code: 'FST_REQ_FILE_TOO_LARGE' }).code, 'TOO_LARGE')
  assert.equal(toApiError(new Error('Unexpected end of form'), 'multipart').code, 'MALFORMED_MULTIPART')
  assert.equal(toApiError(new Error('boom')).code, 'INTERNAL')
  assert.equal(toApiError(new Error('boom')).status, 500)
})

test('every code has a 4xx/5xx status and the JSON body carries code and message', () => {
  for (const [code, spec] of Object.entries(apiErrors)) assert.ok(spec.status >= 400 && spec.status < 600, code)
  assert.deepEqual(errorBody(new ApiError('NOT_PDF')), { error: { code: 'NOT_PDF', message: apiErrors.NOT_PDF.message } })
})

test('bearer keys: known keys pass with a stable hash, everything else is 401', () => {
  const authenticate = createAuthenticator(['key-one', 'key-two'])
  assert.equal(authenticate('Bearer key-two').keyHash, authenticate('bearer  key-two').keyHash)
  assert.notEqual(authenticate('Bearer key-one').keyHash, authenticate('Bearer key-two').keyHash)
  for (const header of [undefined, '', 'Bearer', 'Bearer key-three', 'Basic a2V5LW9uZQ==', 'key-one']) {
    assert.throws(() => authenticate(header), (error: unknown) => error instanceof ApiError && error.status === 401, String(header))
  }
})

test('docs/ingestion.md lists every code with its status', async () => {
  const documented = new Map<string, number>()
  for (const row of (await readFile(repositoryPath('docs/ingestion.md'), 'utf8')).matchAll(/^\| (\d{3}) \| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|/gm)) {
    for (const code of (row[2] as string).matchAll(/`([A-Z_]+)`/g)) documented.set(code[1] as string, Number(row[1]))
  }
  for (const [code, spec] of Object.entries(apiErrors)) assert.equal(documented.get(code), spec.status, `${code} in the error table of docs/ingestion.md`)
})
