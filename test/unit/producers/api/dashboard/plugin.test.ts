import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import { createAuthenticator } from '../../../../../producers/api/auth.ts'
import { dashboardRoutes } from '../../../../../producers/api/dashboard/plugin.ts'
import { toApiError } from '../../../../../producers/api/errors.ts'

const authenticate = createAuthenticator(['dashboard-test-key'])

test('an instances filter that could break out of the PromQL string is refused', async () => {
  const app = Fastify()
  await assert.rejects(async () => { await app.register(dashboardRoutes, { prometheusUrl: 'http://127.0.0.1:1', instances: '.*"} or vector(1) #', authenticate }) }, /plain regex/)
  await app.close().catch(() => {})
})

test('GET /v1/dashboard/data answers 503 with the reasons when Prometheus is unreachable', async () => {
  const app = Fastify()
  try {
    app.setErrorHandler((error, _request, reply) => reply.code(toApiError(error).status).send())
    await app.register(dashboardRoutes, { prometheusUrl: 'http://127.0.0.1:1', authenticate })
    assert.equal((await app.inject({ method: 'GET', url: '/v1/dashboard/data' })).statusCode, 401, 'the data needs an API key')
    assert.equal((await app.inject({ method: 'GET', url: '/v1/dashboard/data', headers: { authorization: 'Bearer wrong' } })).statusCode, 401)
    const response = await app.inject({ method: 'GET', url: '/v1/dashboard/data', headers: { authorization: 'Bearer dashboard-test-key' } })
    assert.equal(response.statusCode, 503)
    const body = response.json() as { errors: string[], prometheusReachable: boolean }
    assert.equal(body.prometheusReachable, false)
    assert.ok(body.errors.length >= 9)
    const page = await app.inject({ method: 'GET', url: '/dashboard' })
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /https?:\/\/(?!www\.w3\.org)/, 'the page loads nothing from another host')
  } finally {
    await app.close()
  }
})
