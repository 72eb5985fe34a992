import type { Command } from '../command.ts'
import { runService } from '../run-service.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { bridgeOptions } from '../../producers/bucket-bridge/options.ts'
import { bridgeService } from '../../producers/bucket-bridge/service.ts'

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'Turn files dropped into the inbox bucket into received-document events',
  usage: 'sluice bridge',
  details: 'Consumes the object store notifications on SLUICE_TOPIC_BUCKET_EVENTS (versitygw and MinIO shapes),\n' +
    'and publishes a DocumentReceived event (source "bucket") for every object created in SLUICE_S3_INBOX_BUCKET\n' +
    'outside the reserved prefixes api/, topic/ and _sluice/. Metrics on SLUICE_METRICS_BRIDGE_PORT.\n' +
    'Notifications can be lost by object stores: run `sluice bucket rescan` as the safety net.',
  options: {},
  run: async () => await runService(bridgeService, bridgeOptions(loadConfig()))
}
