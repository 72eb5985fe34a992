import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { PhaseResult } from '../../../../bench/pipeline/phase.ts'
import { requestsPerDocument } from '../../../../bench/pipeline/report.ts'
import { parseRequestCounts, requestDelta } from '../../../../bench/pipeline/request-counts.ts'

const scrape = (produce: number, put: number): string => [
  '# HELP sluice_client_requests_total Requests sent by this process',
  '# TYPE sluice_client_requests_total counter',
  `sluice_client_requests_total{system="kafka",operation="Produce",component="api"} ${produce}`,
  `sluice_client_requests_total{system="s3",operation="PUT",component="api"} ${put}`,
  'sluice_api_requests_total{route="/v1/documents",method="POST",status="202",component="api"} 7'
].join('\n')

test('client request counters are read from the exposition text, other metrics ignored', () => {
  assert.deepEqual(parseRequestCounts(scrape(3, 4)), [
    { component: 'api', system: 'kafka', operation: 'Produce', count: 3 },
    { component: 'api', system: 's3', operation: 'PUT', count: 4 }
  ])
})

test('the delta sums processes of one component and keeps only what grew', () => {
  const before = [...parseRequestCounts(scrape(3, 4)), { component: 'processor', system: 's3', operation: 'GET', count: 10 }]
  const after = [
    ...parseRequestCounts(scrape(103, 4)),
    { component: 'processor', system: 's3', operation: 'GET', count: 60 },
    { component: 'processor', system: 's3', operation: 'GET', count: 50 }
  ]
  assert.deepEqual(requestDelta(before, after), [
    { component: 'api', system: 'kafka', operation: 'Produce', count: 100 },
    { component: 'processor', system: 's3', operation: 'GET', count: 100 }
  ], 'largest first, ties by name')
})

test('requests per document divide by the completed documents, per component and system', () => {
  const phase = {
    endToEnd: { completed: 50 },
    requests: [
      { component: 'processor', system: 's3', operation: 'PUT', count: 100 },
      { component: 'processor', system: 's3', operation: 'GET', count: 50 },
      { component: 'api', system: 'kafka', operation: 'Produce', count: 25 }
    ]
  } as unknown as PhaseResult
  assert.deepEqual(requestsPerDocument(phase), [
    { component: 'api', kafka: '0.50 (Produce 0.50)', s3: '–', clickhouse: '–' },
    { component: 'processor', kafka: '–', s3: '3.00 (PUT 2.00, GET 1.00)', clickhouse: '–' }
  ])
})
