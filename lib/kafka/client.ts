import { Kafka, logLevel, type LogEntry } from 'kafkajs'
import type { Config } from '../config/index.ts'
import { createLogger } from '../log.ts'

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug'
}

/** One Kafka client per process role; kafkajs logs are routed into pino at warn and above. */
export function createKafka (config: Config, role: string): Kafka {
  const logger = createLogger(`kafka-${role}`)
  return new Kafka({
    clientId: `${config.kafka.clientId}-${role}`,
    brokers: [...config.kafka.brokers],
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }: LogEntry) => {
      const { message, ...extra } = log
      logger[levels[level] ?? 'info']({ namespace: extra.namespace, broker: extra.broker, error: extra.error }, message)
    }
  })
}
