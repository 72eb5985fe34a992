// Waiting for started services: an HTTP endpoint that becomes ready, consumer groups that
// become stable, and a service that exits while the others are awaited.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import type { Admin } from 'kafkajs'
import { unlessAServiceExits, waitForGroupMembers, waitForHttpOk } from '../../../../infra/run-all/readiness.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

test('waitForHttpOk returns once the endpoint answers 2xx, and names the last answer when it never does', async () => {
  let answers = 0
  let ready = true
  const server = createServer((_request, response) => {
    answers++
    if (ready && answers >= 3) response.writeHead(200).end('ok')
    else response.writeHead(503).end('starting')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`
  try {
    await waitForHttpOk(url, Date.now() + 10_000)
    assert.equal(answers, 3, 'asked until it was ready, then stopped')
    ready = false
    await assert.rejects(waitForHttpOk(url, Date.now() + 600), (error) => isSluiceError(error, 'SERVICE_UNAVAILABLE') && /HTTP 503: starting/.test(error.message))
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})

test('waitForGroupMembers waits for every group to be stable with members, and names those that are not', async () => {
  let calls = 0
  const admin = {
    describeGroups: async (groupIds: string[]) => {
      calls++
      return {
        groups: groupIds.map((groupId) => ({
          groupId,
          state: groupId === 'sink' && calls < 2 ? 'PreparingRebalance' : 'Stable',
          members: groupId === 'processor' && calls < 3 ? [] : [{ memberId: 'm' }]
        }))
      }
    }
  } as unknown as Admin
  await waitForGroupMembers(admin, ['processor', 'sink'], Date.now() + 10_000)
  assert.equal(calls, 3)
  const never = { describeGroups: async () => ({ groups: [{ groupId: 'bridge', state: 'Empty', members: [] }] }) } as unknown as Admin
  await assert.rejects(waitForGroupMembers(never, ['bridge', 'processor'], Date.now() + 600), (error) => isSluiceError(error, 'SERVICE_UNAVAILABLE') && /bridge, processor/.test(error.message))
})

test('unlessAServiceExits gives the awaited result, or fails with the name of a service that exited first', async () => {
  const neverExits = new Promise<never>(() => {})
  assert.equal(await unlessAServiceExits(Promise.resolve('ready'), neverExits), 'ready')
  const processorCrashed = Promise.resolve({ name: 'processor', code: 1, signal: null })
  await assert.rejects(unlessAServiceExits(new Promise(() => {}), processorCrashed), (error) => isSluiceError(error, 'SERVICE_UNAVAILABLE') && /processor exited while starting \(code 1\)/.test(error.message))
})
