// Prometheus from Debian, configured from infra/prometheus/prometheus.local.yml: it scrapes
// itself plus every target file that Sluice processes drop into $SLUICE_HOME/prometheus/targets,
// and loads the alert rules in infra/prometheus/rules.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { formatEndpoint } from './endpoints.ts'
import { findOnPath, prerequisites } from './prerequisites.ts'
import { probeHttp } from './probes.ts'
import type { LocalService } from './service.ts'
import { renderTemplate } from './template.ts'

export const prometheusDirectory = path.join(import.meta.dirname, '..', 'prometheus')

export const prometheusService: LocalService = {
  name: 'prometheus',
  address: (context) => context.config.prometheus.url,
  listens: (context) => [context.endpoints.prometheus],
  prerequisites: [prerequisites.apt],
  debianPackages: ['prometheus'],
  distroUsers: ['prometheus'],

  async install () {},

  async prepare (context) {
    const configDirectory = context.layout.config('prometheus')
    await mkdir(configDirectory, { recursive: true })
    await mkdir(context.layout.prometheusTargets, { recursive: true })
    await mkdir(context.layout.data('prometheus'), { recursive: true })
    const template = await readFile(path.join(prometheusDirectory, 'prometheus.local.yml'), 'utf8')
    const configFile = path.join(configDirectory, 'prometheus.yml')
    await writeFile(configFile, renderTemplate(template, {
      rulesDirectory: path.join(prometheusDirectory, 'rules'),
      targetsDirectory: context.layout.prometheusTargets,
      prometheusAddress: formatEndpoint(context.endpoints.prometheus)
    }))
    const server = await findOnPath('prometheus', `${process.env.PATH ?? ''}:/usr/bin`)
    if (server === undefined) throw new Error('prometheus is not installed; `apt-get install -y prometheus`')
    return {
      command: server,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${context.layout.data('prometheus')}`,
        `--web.listen-address=${formatEndpoint(context.endpoints.prometheus)}`,
        '--storage.tsdb.retention.time=7d',
        // Lets `kill -HUP`-free reloads happen through POST /-/reload after rule edits.
        '--web.enable-lifecycle'
      ],
      marker: configFile
    }
  },

  probe: async (context) => probeHttp(`${context.config.prometheus.url}/-/ready`)
}
