import type { Random } from './random.ts'

/** Bytes drawn from the seeded generator (crypto.randomBytes would break determinism). */
export function randomBytesFrom (random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(0, 255))
}
