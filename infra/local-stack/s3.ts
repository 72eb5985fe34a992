// versitygw, an Apache-2.0 S3 server, built with `go install` into the stack cache, serving
// a posix directory under data/ and sending bucket notifications to Kafka. It sends a test
// event at start-up and refuses to start if that fails, so the topic is created first.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { createKafka } from '../../lib/kafka/client.ts'
import { ensureTopics, sluiceTopics } from '../../lib/kafka/topics.ts'
import { formatEndpoint } from './endpoints.ts'
import { fileExists } from './files.ts'
import { prerequisites } from './prerequisites.ts'
import { probeS3ListBuckets } from './probes.ts'
import { runTool } from './run-tool.ts'
import type { LocalService, StackContext } from './service.ts'

const modulePath = 'github.com/versity/versitygw/cmd/versitygw'

function binary (context: StackContext): string {
  return path.join(context.layout.cache, `versitygw-${context.config.stack.versitygwVersion}`, 'bin', 'versitygw')
}

/** Go's module and build caches live in the stack cache too, so a reinstall is a quick relink. */
export function goInstallEnvironment (cache: string, binaryDirectory: string): Record<string, string> {
  const go = path.join(cache, 'go')
  return {
    GOBIN: binaryDirectory,
    GOPATH: go,
    GOMODCACHE: path.join(go, 'mod'),
    GOCACHE: path.join(go, 'build'),
    // A static binary: no C compiler needed.
    CGO_ENABLED: '0'
  }
}

export function versitygwArguments (context: StackContext, rootDirectory: string): string[] {
  return [
    '--port', formatEndpoint(context.endpoints.s3),
    '--region', context.config.s3.region,
    '--quiet',
    // Without it versitygw answers every request with `Connection: close`, so each S3 request of
    // every client paid a new TCP connection on both sides.
    '--keep-alive',
    '--event-kafka-url', formatEndpoint(context.endpoints.kafka),
    '--event-kafka-topic', context.config.kafka.topicBucketEvents,
    'posix', rootDirectory
  ]
}

async function ensureBucketEventsTopic (context: StackContext): Promise<void> {
  const admin = createKafka(context.config, 'stack').admin()
  await admin.connect()
  try {
    await ensureTopics(admin, sluiceTopics(context.config).filter((topic) => topic.topic === context.config.kafka.topicBucketEvents))
  } finally {
    await admin.disconnect()
  }
}

export const s3Service: LocalService = {
  name: 's3',
  address: (context) => context.config.s3.endpoint,
  listens: (context) => [context.endpoints.s3],
  prerequisites: [prerequisites.go],
  dependsOn: ['kafka'],

  async install (context) {
    const target = binary(context)
    if (await fileExists(target)) return
    const version = context.config.stack.versitygwVersion
    context.progress.step('s3', `building versitygw ${version} with go install (first time only)`)
    await runTool({
      command: 'go',
      args: ['install', `${modulePath}@${version}`],
      env: goInstallEnvironment(context.layout.cache, path.dirname(target))
    }, `go install ${modulePath}@${version}`)
  },

  async prepare (context) {
    const rootDirectory = context.layout.data('s3')
    await mkdir(rootDirectory, { recursive: true })
    context.progress.step('s3', `creating Kafka topic ${context.config.kafka.topicBucketEvents} for bucket notifications`)
    await ensureBucketEventsTopic(context)
    return {
      command: binary(context),
      args: versitygwArguments(context, rootDirectory),
      // Credentials go through the environment so they do not show in `ps`.
      env: { ROOT_ACCESS_KEY_ID: context.config.s3.accessKey, ROOT_SECRET_ACCESS_KEY: context.config.s3.secretKey },
      marker: rootDirectory
    }
  },

  probe: async (context) => probeS3ListBuckets(context.endpoints.s3, context.config.s3.accessKey, context.config.s3.secretKey, context.config.s3.region)
}
