// Requests this process sends to Kafka, the object store and ClickHouse, counted at the client:
// every round trip a document makes costs CPU on both ends, so the benchmark reports them per
// document by service (issue 15). One counter per process, added to its metrics registry.
import { Counter, type Registry } from 'prom-client'

export const clientRequestsMetricName = 'sluice_client_requests_total'
export type RequestTarget = 'kafka' | 's3' | 'clickhouse'

const counter = new Counter({
  name: clientRequestsMetricName,
  help: 'Requests sent by this process, by target system (kafka, s3, clickhouse) and operation (Kafka API name, HTTP method, ClickHouse call)',
  labelNames: ['system', 'operation'],
  registers: []
})

export function countClientRequest (system: RequestTarget, operation: string): void {
  counter.inc({ system, operation })
}

export function registerClientRequests (registry: Registry): void {
  if (registry.getSingleMetric(clientRequestsMetricName) === undefined) registry.registerMetric(counter)
}
