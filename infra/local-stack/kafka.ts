// Apache Kafka in KRaft mode: one process that is both broker and controller. Jars come from
// Maven Central (the same artifacts the binary distribution ships), logging through log4j2.
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { formatEndpoint, type StackEndpoints } from './endpoints.ts'
import { fileExists } from './files.ts'
import { copyDependencies } from './maven.ts'
import { prerequisites } from './prerequisites.ts'
import { probeKafkaMetadata } from './probes.ts'
import { runTool } from './run-tool.ts'
import type { LocalService, StackContext } from './service.ts'

// log4j-slf4j2-impl needs slf4j-api 2; Kafka's own pom still names 1.7, so pin it.
const loggingDependencies = [
  { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: '2.0.17' },
  { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j2-impl', version: '2.25.3' },
  { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: '2.25.3' }
]

export function kafkaServerProperties (endpoints: StackEndpoints, dataDirectory: string): string {
  const broker = formatEndpoint(endpoints.kafka)
  const controller = formatEndpoint(endpoints.kafkaController)
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${controller}`,
    `listeners=PLAINTEXT://${broker},CONTROLLER://${controller}`,
    `advertised.listeners=PLAINTEXT://${broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDirectory}`,
    // A single node cannot hold more replicas than one.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'num.partitions=1',
    // Sluice creates its topics with explicit partition counts; a typo must not create one.
    'auto.create.topics.enable=false',
    // Consumer groups in tests should start at once, not after the default 3 s delay.
    'group.initial.rebalance.delay.ms=0',
    ''
  ].join('\n')
}

const log4jProperties = [
  'status = warn',
  'appender.console.type = Console',
  'appender.console.name = STDOUT',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = INFO',
  'rootLogger.appenderRef.stdout.ref = STDOUT',
  'logger.state.name = state.change.logger',
  'logger.state.level = WARN',
  ''
].join('\n')

/** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. */
export function newClusterId (): string {
  return randomBytes(16).toString('base64url')
}

function installDirectory (context: StackContext): string {
  return path.join(context.layout.cache, `kafka-${context.config.stack.kafkaVersion}`)
}

export const kafkaService: LocalService = {
  name: 'kafka',
  address: (context) => formatEndpoint(context.endpoints.kafka),
  listens: (context) => [context.endpoints.kafka, context.endpoints.kafkaController],
  prerequisites: [prerequisites.java, prerequisites.maven],

  async install (context) {
    const directory = installDirectory(context)
    const complete = path.join(directory, '.complete')
    if (await fileExists(complete)) return
    context.progress.step('kafka', `downloading Apache Kafka ${context.config.stack.kafkaVersion} from Maven Central`)
    await copyDependencies(context.layout.cache, [
      { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: context.config.stack.kafkaVersion },
      ...loggingDependencies
    ], directory)
    await writeFile(complete, new Date().toISOString() + '\n')
  },

  async prepare (context) {
    const configDirectory = context.layout.config('kafka')
    const dataDirectory = context.layout.data('kafka')
    await mkdir(configDirectory, { recursive: true })
    await mkdir(dataDirectory, { recursive: true })
    const propertiesFile = path.join(configDirectory, 'server.properties')
    const log4jFile = path.join(configDirectory, 'log4j2.properties')
    await writeFile(propertiesFile, kafkaServerProperties(context.endpoints, dataDirectory))
    await writeFile(log4jFile, log4jProperties)
    const classpath = path.join(installDirectory(context), 'libs', '*')
    const logging = `-Dlog4j2.configurationFile=${log4jFile}`
    if (!(await fileExists(path.join(dataDirectory, 'meta.properties')))) {
      context.progress.step('kafka', 'formatting KRaft storage')
      await runTool({ command: 'java', args: ['-cp', classpath, logging, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', propertiesFile] }, 'formatting Kafka storage')
    }
    return {
      command: 'java',
      args: ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Djava.awt.headless=true', logging, '-cp', classpath, 'kafka.Kafka', propertiesFile],
      marker: propertiesFile
    }
  },

  probe: async (context) => probeKafkaMetadata(context.endpoints.kafka)
}
