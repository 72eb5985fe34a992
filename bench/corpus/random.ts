// A small seeded PRNG (sfc32, seeded through a string hash) so the same seed always yields
// byte-identical documents on every machine; Math.random would make the corpus unrepeatable.

export interface Random {
  /** Uniform in [0, 1). */
  next (): number
  /** Uniform integer in [min, max], both inclusive. */
  int (min: number, max: number): number
  pick<T> (items: readonly T[]): T
  digits (count: number): string
  chance (probability: number): boolean
  shuffle<T> (items: readonly T[]): T[]
}

export function createRandom (seed: string): Random {
  let [a, b, c, d] = hashSeed(seed)
  function next (): number {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // Discard the first outputs: sfc32 needs a few rounds to mix a weak seed.
  for (let round = 0; round < 15; round++) next()
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list')
      return items[Math.floor(next() * items.length)] as (typeof items)[number]
    },
    digits: (count) => {
      let text = ''
      for (let index = 0; index < count; index++) text += String(Math.floor(next() * 10))
      return text
    },
    chance: (probability) => next() < probability,
    shuffle: (items) => {
      const copy = [...items]
      for (let index = copy.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1))
        ;[copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]]
      }
      return copy
    }
  }
  return random
}

/** cyrb128: spreads any string over four 32-bit words. */
function hashSeed (seed: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let index = 0; index < seed.length; index++) {
    const code = seed.charCodeAt(index)
    h1 = h2 ^ Math.imul(h1 ^ code, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ code, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ code, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ code, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}
