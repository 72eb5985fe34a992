import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Slots } from '../../../../lib/concurrency/slots.ts'

test('at most size holders at once; waiters get a slot in arrival order', async () => {
  const slots = new Slots(2)
  await slots.acquire()
  await slots.acquire()
  const order: number[] = []
  const third = slots.acquire().then(() => order.push(3))
  const fourth = slots.acquire().then(() => order.push(4))
  assert.equal(slots.active, 2)
  assert.equal(slots.waiting, 2)
  slots.release()
  await third
  assert.deepEqual(order, [3])
  slots.release()
  await fourth
  assert.deepEqual(order, [3, 4])
  assert.equal(slots.active, 2)
  slots.release()
  slots.release()
  assert.equal(slots.active, 0)
  assert.equal(slots.waiting, 0)
})
