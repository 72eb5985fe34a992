// The local stack listens where the rest of Sluice is configured to connect, so the ports
// come from the same settings (SLUICE_KAFKA_BROKERS, SLUICE_S3_ENDPOINT, ...) and cannot drift.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'

export interface Endpoint { host: string, port: number }

export interface StackEndpoints {
  kafka: Endpoint
  kafkaController: Endpoint
  registry: Endpoint
  s3: Endpoint
  clickhouseHttp: Endpoint
  clickhouseTcp: Endpoint
  prometheus: Endpoint
}

const localHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

function local (variable: string, host: string, port: number): Endpoint {
  if (!localHosts.has(host)) {
    throw new SluiceError('CONFIG_INVALID', `${variable} points to ${host}, but the local stack only runs on this machine`, {
      hint: `Unset ${variable} (or point it to 127.0.0.1) to use the local stack, or skip \`sluice stack\` and use your own services.`
    })
  }
  return { host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''), port }
}

function fromUrl (variable: string, raw: string): Endpoint {
  const url = new URL(raw)
  const port = url.port !== '' ? Number(url.port) : (url.protocol === 'https:' ? 443 : 80)
  return local(variable, url.hostname, port)
}

export function stackEndpoints (config: Config): StackEndpoints {
  const broker = config.kafka.brokers[0] ?? '127.0.0.1:9092'
  const separator = broker.lastIndexOf(':')
  const kafka = local('SLUICE_KAFKA_BROKERS', broker.slice(0, separator), Number(broker.slice(separator + 1)))
  const clickhouseHttp = fromUrl('SLUICE_CLICKHOUSE_URL', config.clickhouse.url)
  return {
    kafka,
    kafkaController: { host: kafka.host, port: config.stack.kafkaControllerPort },
    registry: fromUrl('SLUICE_SCHEMA_REGISTRY_URL', config.registry.url),
    s3: fromUrl('SLUICE_S3_ENDPOINT', config.s3.endpoint),
    clickhouseHttp,
    clickhouseTcp: { host: clickhouseHttp.host, port: config.stack.clickhouseTcpPort },
    prometheus: fromUrl('SLUICE_PROMETHEUS_URL', config.prometheus.url)
  }
}

export function formatEndpoint (endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`
}
