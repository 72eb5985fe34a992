// Apicurio Registry 3 (Maven Central) with its Confluent-compatible API. Storage is an H2
// database FILE under data/: Kafka keeps messages encoded with schema ids, so the ids must
// survive a restart of the registry (the default in-memory database would lose them).
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileExists } from './files.ts'
import { copyArtifact } from './maven.ts'
import { prerequisites } from './prerequisites.ts'
import { probeHttp } from './probes.ts'
import { runTool } from './run-tool.ts'
import type { LocalService, StackContext } from './service.ts'

function installDirectory (context: StackContext): string {
  return path.join(context.layout.cache, `apicurio-registry-${context.config.stack.registryVersion}`)
}

/** 3.0.x ships `<name>-runner.jar`, later 3.x `quarkus-run.jar`. */
export function findRunnerJar (fileNames: string[]): string | undefined {
  return fileNames.find((name) => name === 'quarkus-run.jar') ?? fileNames.find((name) => name.endsWith('-runner.jar'))
}

export function registryJavaArguments (context: StackContext, runnerJar: string): string[] {
  const database = path.join(context.layout.data('registry'), 'registry')
  return [
    '-Xms128m', '-Xmx512m', '-Djava.awt.headless=true',
    `-Dquarkus.http.host=${context.endpoints.registry.host}`,
    `-Dquarkus.http.port=${context.endpoints.registry.port}`,
    '-Dapicurio.storage.kind=sql',
    '-Dapicurio.storage.sql.kind=h2',
    `-Dapicurio.datasource.url=jdbc:h2:file:${database}`,
    // The defaults (20 to 100 connections) are sized for a shared server, not one local user.
    '-Dapicurio.datasource.jdbc.initial-size=2',
    '-Dapicurio.datasource.jdbc.min-size=2',
    '-Dapicurio.datasource.jdbc.max-size=20',
    // Opening the H2 file can take longer than the pool's 5 s default on a busy machine, and
    // the registry gives up for good when its first connection times out.
    '-Dquarkus.datasource.h2.jdbc.acquisition-timeout=60s',
    // One log line per HTTP request drowns the useful lines; errors are still logged.
    '-Dquarkus.http.access-log.enabled=false',
    '-jar', runnerJar
  ]
}

export const registryService: LocalService = {
  name: 'registry',
  address: (context) => context.config.registry.url,
  listens: (context) => [context.endpoints.registry],
  prerequisites: [prerequisites.java, prerequisites.maven, prerequisites.tar],

  async install (context) {
    const directory = installDirectory(context)
    const complete = path.join(directory, '.complete')
    if (await fileExists(complete)) return
    const version = context.config.stack.registryVersion
    context.progress.step('registry', `downloading Apicurio Registry ${version} from Maven Central`)
    const download = path.join(directory, 'download')
    await copyArtifact(context.layout.cache, `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`, download)
    const archive = path.join(download, `apicurio-registry-app-${version}-all.tar.gz`)
    const app = path.join(directory, 'app')
    await mkdir(app, { recursive: true })
    await runTool({ command: 'tar', args: ['-xzf', archive, '-C', app] }, `unpacking ${archive}`)
    await writeFile(complete, new Date().toISOString() + '\n')
  },

  async prepare (context) {
    const app = path.join(installDirectory(context), 'app')
    const runner = findRunnerJar(await readdir(app))
    if (runner === undefined) throw new Error(`no quarkus-run.jar or *-runner.jar in ${app}; delete ${installDirectory(context)} and run \`sluice stack up\` again`)
    await mkdir(context.layout.data('registry'), { recursive: true })
    return {
      command: 'java',
      args: registryJavaArguments(context, path.join(app, runner)),
      cwd: app,
      marker: `jdbc:h2:file:${path.join(context.layout.data('registry'), 'registry')}`
    }
  },

  probe: async (context) => probeHttp(`${context.config.registry.url}/subjects`)
}
