// Samples consumer lag once a second from the broker's view (committed offsets against high
// watermarks), the same computation the lag exporter uses, so the report shows how far behind
// the processor and the sink fell during the run.
import type { Admin } from 'kafkajs'
import { readTopicLag } from '../../lib/metrics/consumer-lag.ts'

export interface LagTarget { label: string, groupId: string, topic: string }
export interface LagSample { atMs: number, lag: Record<string, number> }

export interface LagSampler { samples: LagSample[], stop: () => Promise<void> }

export function startLagSampler (admin: Admin, targets: LagTarget[], intervalMs = 1000): LagSampler {
  const samples: LagSample[] = []
  const state = { running: true }
  const loop = (async () => {
    while (state.running) {
      const started = Date.now()
      const lag: Record<string, number> = {}
      for (const target of targets) {
        // A rebalance or a topic not created yet is not fatal for a benchmark sample.
        lag[target.label] = await readTopicLag(admin, target.groupId, target.topic).catch(() => Number.NaN)
      }
      samples.push({ atMs: started, lag })
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))))
    }
  })()
  return {
    samples,
    stop: async () => {
      state.running = false
      await loop
    }
  }
}
