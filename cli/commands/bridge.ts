import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { registerScrapeTarget } from '../../lib/metrics/scrape-target.ts'
import { startBridge } from '../../producers/bucket-bridge/bridge.ts'

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'Turn files dropped into the inbox bucket into received-document events',
  usage: 'sluice bridge',
  details: 'Consumes the object store notifications on SLUICE_TOPIC_BUCKET_EVENTS (versitygw and MinIO shapes),\n' +
    'and publishes a DocumentReceived event (source "bucket") for every object created in SLUICE_S3_INBOX_BUCKET\n' +
    'outside the reserved prefixes api/, topic/ and _sluice/. Metrics on SLUICE_METRICS_BRIDGE_PORT.\n' +
    'Notifications can be lost by object stores: run `sluice bucket rescan` as the safety net.',
  options: {},
  run: async () => {
    const config = loadConfig()
    const bridge = await startBridge(config)
    const unregister = await registerScrapeTarget({ job: 'sluice-bridge', port: bridge.metricsPort }, config.stack.home)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await unregister()
    await bridge.close()
    return exitCodes.ok
  }
}
