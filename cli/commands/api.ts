import type { Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { runService } from '../run-service.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { apiOptions } from '../../producers/api/options.ts'
import { apiService } from '../../producers/api/service.ts'

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
    return await runService(apiService, apiOptions(config, { port: integerOption('port', values.port, 1, 65535) }))
  }
}
