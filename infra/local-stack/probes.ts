// Health probes that ask each service a real question, not just whether a port is open.
import { Kafka, logLevel } from 'kafkajs'
import { Client as S3Client } from 'minio'
import pTimeout from 'p-timeout'
import type { Endpoint } from './endpoints.ts'
import { formatEndpoint } from './endpoints.ts'

const probeTimeoutMs = 3000

export async function probeKafkaMetadata (broker: Endpoint): Promise<void> {
  const kafka = new Kafka({
    clientId: 'sluice-stack-probe',
    brokers: [formatEndpoint(broker)],
    connectionTimeout: probeTimeoutMs,
    requestTimeout: probeTimeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING
  })
  const admin = kafka.admin()
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    if (cluster.brokers.length === 0 || cluster.controller === null) throw new Error('metadata lists no broker or controller yet')
  } finally {
    await admin.disconnect().catch(() => {})
  }
}

export async function probeHttp (url: string, expectBody?: (body: string) => boolean): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) })
  const body = await response.text()
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`)
  if (expectBody !== undefined && !expectBody(body)) throw new Error(`GET ${url} answered an unexpected body: ${body.slice(0, 200)}`)
}

export async function probeS3ListBuckets (endpoint: Endpoint, accessKey: string, secretKey: string, region: string): Promise<void> {
  const client = new S3Client({ endPoint: endpoint.host, port: endpoint.port, useSSL: false, accessKey, secretKey, region, pathStyle: true })
  await pTimeout(client.listBuckets(), { milliseconds: probeTimeoutMs, message: 'ListBuckets timed out' })
}
