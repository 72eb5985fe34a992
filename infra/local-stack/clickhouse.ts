// ClickHouse from Debian (18.16), run as our own instance with a generated config: data and
// logs under SLUICE_HOME, listening on loopback only, native protocol moved off 9000 (the S3
// server's port). The distro's service, if any, is not used.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { StackEndpoints } from './endpoints.ts'
import { findOnPath, prerequisites } from './prerequisites.ts'
import { probeHttp } from './probes.ts'
import type { LocalService } from './service.ts'

export function escapeXml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

export function clickhouseServerConfig (endpoints: StackEndpoints, dataDirectory: string, usersFile: string): string {
  const data = dataDirectory.endsWith('/') ? dataDirectory : `${dataDirectory}/`
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <console>1</console>
  </logger>
  <listen_host>${escapeXml(endpoints.clickhouseHttp.host)}</listen_host>
  <http_port>${endpoints.clickhouseHttp.port}</http_port>
  <tcp_port>${endpoints.clickhouseTcp.port}</tcp_port>
  <max_connections>1024</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>${escapeXml(data)}</path>
  <tmp_path>${escapeXml(data)}tmp/</tmp_path>
  <user_files_path>${escapeXml(data)}user_files/</user_files_path>
  <format_schema_path>${escapeXml(data)}format_schemas/</format_schema_path>
  <users_config>${escapeXml(usersFile)}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
`
}

export function clickhouseUsersConfig (user: string, password: string): string {
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <${user}>
      <password>${escapeXml(password)}</password>
      <networks>
        <ip>::1</ip>
        <ip>127.0.0.1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </${user}>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`
}

export const clickhouseService: LocalService = {
  name: 'clickhouse',
  address: (context) => context.config.clickhouse.url,
  listens: (context) => [context.endpoints.clickhouseHttp, context.endpoints.clickhouseTcp],
  prerequisites: [prerequisites.apt],
  debianPackages: ['clickhouse-server'],
  distroUsers: ['clickhouse'],

  async install () {},

  async prepare (context) {
    const configDirectory = context.layout.config('clickhouse')
    const dataDirectory = context.layout.data('clickhouse')
    await mkdir(configDirectory, { recursive: true })
    await mkdir(dataDirectory, { recursive: true })
    const configFile = path.join(configDirectory, 'config.xml')
    const usersFile = path.join(configDirectory, 'users.xml')
    await writeFile(usersFile, clickhouseUsersConfig(context.config.clickhouse.user, context.config.clickhouse.password))
    await writeFile(configFile, clickhouseServerConfig(context.endpoints, dataDirectory, usersFile))
    const server = await findOnPath('clickhouse-server', `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin`)
    if (server === undefined) throw new Error('clickhouse-server is not installed; `apt-get install -y clickhouse-server`')
    return { command: server, args: [`--config-file=${configFile}`], cwd: dataDirectory, marker: configFile }
  },

  async probe (context) {
    const url = new URL(context.config.clickhouse.url)
    url.searchParams.set('query', 'SELECT 1')
    url.searchParams.set('user', context.config.clickhouse.user)
    if (context.config.clickhouse.password !== '') url.searchParams.set('password', context.config.clickhouse.password)
    await probeHttp(url.toString(), (body) => body.trim() === '1')
  }
}
