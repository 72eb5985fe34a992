// The generated server configs: what the real servers read, checked without starting them.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import YAML from 'yaml'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { clickhouseServerConfig, clickhouseUsersConfig, escapeXml } from '../../../../infra/local-stack/clickhouse.ts'
import { formatEndpoint, stackEndpoints } from '../../../../infra/local-stack/endpoints.ts'
import { kafkaServerProperties, newClusterId } from '../../../../infra/local-stack/kafka.ts'
import { throwawayPom } from '../../../../infra/local-stack/maven.ts'
import { prometheusDirectory } from '../../../../infra/local-stack/prometheus.ts'
import { findRunnerJar } from '../../../../infra/local-stack/registry.ts'
import { renderTemplate } from '../../../../infra/local-stack/template.ts'

function properties (text: string): Map<string, string> {
  return new Map(text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const separator = line.indexOf('=')
    return [line.slice(0, separator), line.slice(separator + 1)]
  }))
}

test('the stack listens where the configuration says clients connect', () => {
  const endpoints = stackEndpoints(loadConfig({
    SLUICE_KAFKA_BROKERS: 'localhost:19092',
    SLUICE_S3_ENDPOINT: 'http://127.0.0.1:19100',
    SLUICE_STACK_CLICKHOUSE_TCP_PORT: '19900'
  }))
  assert.deepEqual(endpoints.kafka, { host: '127.0.0.1', port: 19092 })
  assert.deepEqual(endpoints.s3, { host: '127.0.0.1', port: 19100 })
  assert.deepEqual(endpoints.registry, { host: '127.0.0.1', port: 8081 })
  assert.deepEqual(endpoints.clickhouseTcp, { host: '127.0.0.1', port: 19900 })
  assert.equal(formatEndpoint({ host: '::1', port: 9 }), '[::1]:9')
})

test('a remote address is refused with the variable to change', () => {
  assert.throws(() => stackEndpoints(loadConfig({ SLUICE_CLICKHOUSE_URL: 'http://clickhouse.internal:8123' })),
    (error) => isSluiceError(error, 'CONFIG_INVALID') && error.message.includes('SLUICE_CLICKHOUSE_URL'))
})

test('Kafka runs one KRaft node as broker and controller with single-replica internal topics', () => {
  const config = properties(kafkaServerProperties(stackEndpoints(loadConfig({})), '/data/kafka'))
  assert.equal(config.get('process.roles'), 'broker,controller')
  assert.equal(config.get('controller.quorum.voters'), `${config.get('node.id')}@127.0.0.1:9093`)
  assert.equal(config.get('listeners'), 'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093')
  assert.equal(config.get('log.dirs'), '/data/kafka')
  for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr']) {
    assert.equal(config.get(key), '1', key)
  }
  assert.match(newClusterId(), /^[A-Za-z0-9_-]{22}$/)
})

test('ClickHouse config keeps data under the given directory and escapes what goes into XML', () => {
  const xml = clickhouseServerConfig(stackEndpoints(loadConfig({})), '/home/me/.sluice/data/clickhouse', '/home/me/.sluice/config/clickhouse/users.xml')
  assert.match(xml, /<http_port>8123<\/http_port>/)
  assert.match(xml, /<tcp_port>19000<\/tcp_port>/)
  assert.match(xml, /<listen_host>127\.0\.0\.1<\/listen_host>/)
  assert.match(xml, /<path>\/home\/me\/\.sluice\/data\/clickhouse\/<\/path>/)
  assert.equal(escapeXml('a<b>&"c\''), 'a&lt;b&gt;&amp;&quot;c&apos;')
  assert.match(clickhouseUsersConfig('default', 'p<w>'), /<password>p&lt;w&gt;<\/password>/)
})

test('the Maven pom lists the artifacts to fetch', () => {
  const pom = throwawayPom([{ groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: '4.1.1' }])
  assert.match(pom, /<groupId>org\.apache\.kafka<\/groupId><artifactId>kafka_2\.13<\/artifactId><version>4\.1\.1<\/version>/)
})

test('the registry runner jar is found in either Apicurio 3 layout', () => {
  assert.equal(findRunnerJar(['lib', 'apicurio-registry-app-3.0.9-runner.jar']), 'apicurio-registry-app-3.0.9-runner.jar')
  assert.equal(findRunnerJar(['app', 'lib', 'quarkus-run.jar']), 'quarkus-run.jar')
  assert.equal(findRunnerJar(['lib']), undefined)
})

test('templates fill every placeholder and refuse unknown ones', () => {
  assert.equal(renderTemplate('a {{one}} b {{ two }}', { one: '1', two: '2' }), 'a 1 b 2')
  assert.throws(() => renderTemplate('{{missing}}', {}), /missing/)
})

test('the Prometheus template renders to a config that scrapes itself and the target files, with the rules', async () => {
  const template = await readFile(path.join(prometheusDirectory, 'prometheus.local.yml'), 'utf8')
  const config = YAML.parse(renderTemplate(template, { rulesDirectory: '/repo/infra/prometheus/rules', targetsDirectory: '/h/prometheus/targets', prometheusAddress: '127.0.0.1:9090' })) as {
    rule_files: string[]
    scrape_configs: Array<{ job_name: string, static_configs?: Array<{ targets: string[] }>, file_sd_configs?: Array<{ files: string[] }> }>
  }
  assert.deepEqual(config.rule_files, ['/repo/infra/prometheus/rules/*.yml'])
  assert.deepEqual(config.scrape_configs.find((job) => job.job_name === 'prometheus')?.static_configs?.[0]?.targets, ['127.0.0.1:9090'])
  assert.deepEqual(config.scrape_configs.find((job) => job.job_name === 'sluice')?.file_sd_configs?.[0]?.files, ['/h/prometheus/targets/*.json'])
})
