// Offset bookkeeping for one batch whose messages finish out of order. Kafka commits a
// position, not a set, so an offset may only be resolved once it and every earlier offset of
// the batch is done; otherwise a crash would skip the unfinished ones.

export class BatchOffsets {
  readonly #offsets: string[]
  readonly #done = new Set<string>()
  #next = 0

  /** `offsets` in the order Kafka delivered them (ascending). */
  constructor (offsets: string[]) {
    this.#offsets = offsets
  }

  /**
   * Marks one offset done. Returns the highest offset that may now be resolved (everything up
   * to it is done), or undefined when the committable position did not move.
   */
  complete (offset: string): string | undefined {
    this.#done.add(offset)
    let advanced: string | undefined
    while (this.#next < this.#offsets.length && this.#done.has(this.#offsets[this.#next] as string)) {
      advanced = this.#offsets[this.#next]
      this.#done.delete(advanced as string)
      this.#next++
    }
    return advanced
  }

  /** How many offsets of the batch are resolvable so far. */
  get resolved (): number {
    return this.#next
  }
}
