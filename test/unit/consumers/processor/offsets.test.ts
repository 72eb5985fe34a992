import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BatchOffsets } from '../../../../consumers/processor/offsets.ts'

test('an offset becomes resolvable only when every earlier offset is done', () => {
  const offsets = new BatchOffsets(['10', '11', '12', '13'])
  assert.equal(offsets.complete('12'), undefined)
  assert.equal(offsets.complete('11'), undefined)
  assert.equal(offsets.resolved, 0)
  assert.equal(offsets.complete('10'), '12')
  assert.equal(offsets.resolved, 3)
  assert.equal(offsets.complete('13'), '13')
})

test('in-order completion resolves each offset as it finishes', () => {
  const offsets = new BatchOffsets(['5', '6'])
  assert.equal(offsets.complete('5'), '5')
  assert.equal(offsets.complete('6'), '6')
})

test('a batch with gaps in its offsets (compacted or control records) follows the delivered order', () => {
  const offsets = new BatchOffsets(['100', '103', '107'])
  assert.equal(offsets.complete('107'), undefined)
  assert.equal(offsets.complete('100'), '100')
  assert.equal(offsets.complete('103'), '107')
})

test('a document that never finishes holds back everything after it', () => {
  const offsets = new BatchOffsets(['1', '2', '3'])
  assert.equal(offsets.complete('1'), '1')
  assert.equal(offsets.complete('3'), undefined)
  assert.equal(offsets.resolved, 1)
})
