import http from 'node:http'
import https from 'node:https'
import { Client } from 'minio'
import type { Config } from '../config/index.ts'
import { countClientRequest } from '../metrics/client-requests.ts'

/**
 * An S3 client for any S3-compatible server (MinIO, versitygw, AWS); path-style addressing.
 * Every request is counted by HTTP method (lib/metrics/client-requests.ts).
 */
export function createS3Client (config: Config): Client {
  const endpoint = new URL(config.s3.endpoint)
  const useSSL = endpoint.protocol === 'https:'
  const protocol = useSSL ? https : http
  // minio calls request(options, callback) only; the cast states that for http's overloads.
  const request = (options: http.RequestOptions, callback?: (response: http.IncomingMessage) => void): http.ClientRequest => {
    countClientRequest('s3', options.method ?? 'GET')
    return protocol.request(options, callback)
  }
  return new Client({
    transport: { request: request as typeof http.request },
    endPoint: endpoint.hostname,
    port: endpoint.port !== '' ? Number(endpoint.port) : (useSSL ? 443 : 80),
    useSSL,
    accessKey: config.s3.accessKey,
    secretKey: config.s3.secretKey,
    region: config.s3.region,
    pathStyle: true
  })
}

export async function ensureBuckets (client: Client, buckets: string[], region: string): Promise<void> {
  for (const bucket of buckets) {
    if (!(await client.bucketExists(bucket))) {
      try {
        await client.makeBucket(bucket, region)
      } catch (error) {
        // Another process may have created it between the check and the call.
        const code = (error as { code?: string }).code
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error
      }
    }
  }
}
