import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { registerScrapeTarget } from '../../lib/metrics/scrape-target.ts'
import { startApi } from '../../producers/api/server.ts'

export const apiCommand: Command = {
  name: 'api',
  summary: 'Run the upload API (POST /v1/documents, GET /v1/documents/:id, /healthz, /readyz, /metrics, /dashboard)',
  usage: 'sluice api [--port N]',
  details: 'Provisions topics, schemas and buckets, then serves uploads on SLUICE_API_HOST:SLUICE_API_PORT.\nAPI keys come from SLUICE_API_KEYS. Stops cleanly on SIGINT/SIGTERM. See docs/ingestion.md.',
  options: {
    port: { type: 'string', description: 'Port to listen on', default: 'SLUICE_API_PORT' }
  },
  run: async ({ values }) => {
    const config = loadConfig()
    const port = values.port === undefined ? undefined : Number(values.port)
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      process.stderr.write(`sluice api: --port must be a port number, got "${String(values.port)}"\n`)
      return exitCodes.usage
    }
    const api = await startApi(config, port === undefined ? {} : { port })
    // The local stack's Prometheus discovers scrape targets from files; /metrics is on the API port.
    const unregister = await registerScrapeTarget({ job: 'sluice-api', port: api.port }, config.stack.home)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await unregister()
    await api.close()
    return exitCodes.ok
  }
}
