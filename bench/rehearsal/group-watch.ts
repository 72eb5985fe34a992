// Follows a consumer group from the broker's side (DescribeGroups every 250 ms): its state and
// which client id holds which partitions. Rebalance times are read off this timeline, so they
// are what Kafka saw, not what the members logged.
import kafkajs, { type Admin } from 'kafkajs'

// kafkajs is CommonJS and this export is not detected as a named ESM export.
const { AssignerProtocol } = kafkajs

export interface GroupSample {
  atMs: number
  state: string
  /** Partitions held, by client id. */
  assignment: Record<string, number[]>
}

export interface GroupWatch {
  samples: GroupSample[]
  stop: () => Promise<void>
}

export function watchGroup (admin: Admin, groupId: string, topic: string, intervalMs = 250): GroupWatch {
  const samples: GroupSample[] = []
  const state = { running: true }
  const loop = (async () => {
    while (state.running) {
      const started = Date.now()
      try {
        const { groups } = await admin.describeGroups([groupId])
        const group = groups[0]
        const assignment: Record<string, number[]> = {}
        for (const member of group?.members ?? []) {
          const decoded = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null
          assignment[member.clientId] = [...(assignment[member.clientId] ?? []), ...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b)
        }
        samples.push({ atMs: started, state: group?.state ?? 'Unknown', assignment })
      } catch {
        // A coordinator moving or a request timing out is one missed sample, not a failed run.
      }
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

/** The first sample at or after `fromMs` for which `condition` holds, or undefined. */
export function firstSample (samples: readonly GroupSample[], fromMs: number, condition: (sample: GroupSample) => boolean): GroupSample | undefined {
  return samples.find((sample) => sample.atMs >= fromMs && condition(sample))
}

/** Milliseconds the group spent outside the Stable state between two instants. */
export function unstableMs (samples: readonly GroupSample[], fromMs: number, toMs: number): number {
  let total = 0
  for (let index = 0; index < samples.length - 1; index++) {
    const sample = samples[index] as GroupSample
    const next = samples[index + 1] as GroupSample
    if (sample.atMs < fromMs || sample.atMs >= toMs || sample.state === 'Stable') continue
    total += Math.min(next.atMs, toMs) - sample.atMs
  }
  return total
}

export function heldPartitions (sample: GroupSample): number {
  return Object.values(sample.assignment).reduce((sum, partitions) => sum + partitions.length, 0)
}
