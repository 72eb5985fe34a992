// The API's Prometheus metrics. Labels are bounded: route templates (never raw URLs), status
// codes, outcome words and error codes from errors.ts.
import { Counter, Histogram, type Registry } from 'prom-client'

export interface ApiMetrics {
  registry: Registry
  requests: Counter<'route' | 'method' | 'status'>
  requestSeconds: Histogram<'route' | 'method'>
  uploadBytes: Counter<'outcome'>
  documents: Counter<'outcome'>
  failures: Counter<'reason'>
  storeSeconds: Histogram
  publishSeconds: Histogram
}

export function createApiMetrics (registry: Registry): ApiMetrics {
  const latencyBuckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
  return {
    registry,
    requests: new Counter({ name: 'sluice_api_requests_total', help: 'HTTP requests by route template, method and status code', labelNames: ['route', 'method', 'status'], registers: [registry] }),
    requestSeconds: new Histogram({ name: 'sluice_api_request_duration_seconds', help: 'HTTP request latency from arrival to the last byte of the reply', labelNames: ['route', 'method'], buckets: latencyBuckets, registers: [registry] }),
    uploadBytes: new Counter({ name: 'sluice_api_upload_bytes_total', help: 'Document bytes read from uploads, by outcome (accepted or rejected)', labelNames: ['outcome'], registers: [registry] }),
    documents: new Counter({ name: 'sluice_api_documents_total', help: 'Documents in uploads by outcome (accepted, rejected, replayed)', labelNames: ['outcome'], registers: [registry] }),
    failures: new Counter({ name: 'sluice_api_failures_total', help: 'Failed requests by error code', labelNames: ['reason'], registers: [registry] }),
    storeSeconds: new Histogram({ name: 'sluice_api_store_duration_seconds', help: 'Time to stream one document into the object store', buckets: latencyBuckets, registers: [registry] }),
    publishSeconds: new Histogram({ name: 'sluice_api_publish_duration_seconds', help: 'Time until Kafka acknowledged the received events of one request', buckets: latencyBuckets, registers: [registry] })
  }
}
