import { Kafka, logLevel, type LogEntry } from 'kafkajs'
import type { Config } from '../config/index.ts'
import { createLogger } from '../log.ts'
import { countClientRequest } from '../metrics/client-requests.ts'

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug'
}

// Warnings kafkajs prints on every start about choices Sluice makes on purpose: the default
// (murmur2, Java-compatible) partitioner, and bounded retries on the idempotent producer so a door
// can answer 503 instead of waiting forever (lib/ingest/received-publisher.ts).
const expectedWarnings = [/switched default partitioner/, /Limiting retries for the idempotent producer/]

/**
 * One Kafka client per process role; kafkajs logs are routed into pino at warn and above. Every
 * request its producers, consumers and admin clients send is counted by Kafka API name
 * (lib/metrics/client-requests.ts).
 */
export function createKafka (config: Config, role: string): Kafka {
  const logger = createLogger(`kafka-${role}`, config.log.level)
  return countingRequests(new Kafka({
    clientId: `${config.kafka.clientId}-${role}`,
    brokers: [...config.kafka.brokers],
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }: LogEntry) => {
      const { message, ...extra } = log
      if (level === logLevel.WARN && expectedWarnings.some((pattern) => pattern.test(message))) return
      logger[levels[level] ?? 'info']({ namespace: extra.namespace, broker: extra.broker, error: extra.error }, message)
    }
  }))
}

/** kafkajs reports each request as an instrumentation event of the client that sent it. */
function countingRequests (kafka: Kafka): Kafka {
  const producer = kafka.producer.bind(kafka)
  const consumer = kafka.consumer.bind(kafka)
  const admin = kafka.admin.bind(kafka)
  const count = ({ payload }: { payload: { apiName: string } }): void => countClientRequest('kafka', payload.apiName)
  kafka.producer = (options) => {
    const client = producer(options)
    client.on(client.events.REQUEST, count)
    return client
  }
  kafka.consumer = (options) => {
    const client = consumer(options)
    client.on(client.events.REQUEST, count)
    return client
  }
  kafka.admin = (options) => {
    const client = admin(options)
    client.on(client.events.REQUEST, count)
    return client
  }
  return kafka
}
