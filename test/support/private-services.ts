// A private Kafka broker and a private S3 server for outage tests, started from the binaries the
// local stack installed (SLUICE_HOME/cache) on free ports with throwaway data, so a test can
// really stop them without touching the shared stack.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../lib/config/index.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { freePort } from './ingest.ts'
import { waitFor } from './wait.ts'

export interface PrivateService {
  address: string
  /** SIGKILL, as in a crash; resolves when the process is gone. */
  stop: () => Promise<void>
  dispose: () => Promise<void>
}

async function waitUntil (what: string, probe: () => Promise<unknown>, timeoutMs: number, child: ChildProcess): Promise<void> {
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`)
    await probe()
    return true
  }, { what, timeoutMs, intervalMs: 300 })
}

async function kill (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

async function requireInstalled (path: string, what: string): Promise<void> {
  await access(path).catch(() => {
    throw new Error(`${what} is not installed at ${path}: run \`sluice stack up\` once first`)
  })
}

export interface PrivateKafka extends PrivateService {
  /** SIGSTOP: connections stay open and requests wait unanswered, as on a hung broker. */
  freeze: () => void
  /** SIGCONT: the broker answers (and appends) what it received while frozen. */
  thaw: () => void
  /** Starts the broker again on the same ports and data after stop(); resolves when it answers. */
  restart: () => Promise<void>
}

export async function startPrivateKafka (config: Config): Promise<PrivateKafka> {
  const libs = join(config.stack.home, 'cache', `kafka-${config.stack.kafkaVersion}`, 'libs')
  await requireInstalled(libs, 'Kafka')
  // Free ports are only free until someone else takes them on this busy machine: on an early
  // exit (most likely a port taken in between), start again on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKafkaOnce(config, libs)
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}

async function startKafkaOnce (config: Config, libs: string): Promise<PrivateKafka> {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-private-kafka-'))
  const brokerPort = await freePort()
  let controllerPort = await freePort()
  while (controllerPort === brokerPort) controllerPort = await freePort()
  const properties = join(directory, 'server.properties')
  const log4j = join(directory, 'log4j2.properties')
  const logFile = join(directory, 'kafka.log')
  await writeFile(properties, [
    'process.roles=broker,controller', 'node.id=1', `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`, 'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT', `log.dirs=${join(directory, 'data')}`,
    'offsets.topic.replication.factor=1', 'transaction.state.log.replication.factor=1', 'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1', 'share.coordinator.state.topic.min.isr=1',
    'auto.create.topics.enable=false', 'group.initial.rebalance.delay.ms=0', ''
  ].join('\n'))
  await writeFile(log4j, 'status = error\nappender.console.type = Console\nappender.console.name = OUT\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %m%n\nrootLogger.level = ERROR\nrootLogger.appenderRef.out.ref = OUT\n')
  // Client JIT only: the broker lives for seconds, so start-up time matters more than peak speed.
  const java = ['-XX:TieredStopAtLevel=1', '-cp', join(libs, '*'), `-Dlog4j2.configurationFile=${log4j}`]
  const logHandle = await open(logFile, 'a')
  const output = logHandle.fd
  await new Promise<void>((resolve, reject) => {
    const format = spawn('java', [...java, 'kafka.tools.StorageTool', 'format', '-t', randomBytes(16).toString('base64url'), '-c', properties], { stdio: ['ignore', output, output] })
    format.once('error', reject)
    format.once('exit', (code) => code === 0 ? resolve() : reject(new Error(`Kafka storage format exited with ${code}`)))
  })
  const launch = (): ChildProcess => spawn('java', ['-Xms128m', '-Xmx384m', '-XX:+UseSerialGC', ...java, 'kafka.Kafka', properties], { stdio: ['ignore', output, output] })
  let child = launch()
  const address = `127.0.0.1:${brokerPort}`
  const probeConfig = { ...config, kafka: { ...config.kafka, brokers: [address] } }
  const dispose = async (): Promise<void> => {
    child.kill('SIGCONT')
    await kill(child)
    await logHandle.close()
    await rm(directory, { recursive: true, force: true })
  }
  const ready = async (): Promise<void> => waitUntil('private Kafka', async () => {
    const admin = createKafka(probeConfig, 'it-probe').admin({ retry: { retries: 0 } })
    await admin.connect()
    try {
      await admin.describeCluster()
    } finally {
      await admin.disconnect()
    }
  }, 60_000, child)
  try {
    await ready()
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '')
    await dispose()
    throw new Error(`${(error as Error).message}\n${log.slice(-2000)}`)
  }
  return {
    address,
    stop: async () => kill(child),
    freeze: () => { child.kill('SIGSTOP') },
    thaw: () => { child.kill('SIGCONT') },
    restart: async () => {
      await kill(child)
      child = launch()
      await ready()
    },
    dispose
  }
}

export async function startPrivateS3 (config: Config): Promise<PrivateService> {
  const binary = join(config.stack.home, 'cache', `versitygw-${config.stack.versitygwVersion}`, 'bin', 'versitygw')
  await requireInstalled(binary, 'versitygw')
  for (let attempt = 1; ; attempt++) {
    try {
      return await startS3Once(config, binary)
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}

async function startS3Once (config: Config, binary: string): Promise<PrivateService> {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-private-s3-'))
  const port = await freePort()
  const child = spawn(binary, ['--port', `127.0.0.1:${port}`, '--region', config.s3.region, '--quiet', 'posix', directory], {
    stdio: 'ignore',
    env: { ...process.env, ROOT_ACCESS_KEY_ID: config.s3.accessKey, ROOT_SECRET_ACCESS_KEY: config.s3.secretKey }
  })
  const address = `http://127.0.0.1:${port}`
  const s3 = createS3Client({ ...config, s3: { ...config.s3, endpoint: address } })
  const dispose = async (): Promise<void> => {
    await kill(child)
    await rm(directory, { recursive: true, force: true })
  }
  await waitUntil('private S3', async () => s3.listBuckets(), 20_000, child).catch(async (error: unknown) => {
    await dispose()
    throw error
  })
  return { address, stop: async () => kill(child), dispose }
}
