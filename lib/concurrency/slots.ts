// A counting semaphore: at most `size` holders at once, the rest wait in arrival order. Not
// p-limit, which frees a slot only when the wrapped function settles: the processor gives a
// document's admission slot back before its handling ends (once the result is stored).
export class Slots {
  readonly size: number
  readonly #queue: Array<() => void> = []
  #active = 0

  constructor (size: number) {
    this.size = size
  }

  get active (): number {
    return this.#active
  }

  get waiting (): number {
    return this.#queue.length
  }

  async acquire (): Promise<void> {
    if (this.#active < this.size) {
      this.#active++
      return
    }
    // The releasing holder hands its slot straight to the next waiter, so #active stays put.
    await new Promise<void>((resolve) => this.#queue.push(resolve))
  }

  release (): void {
    const next = this.#queue.shift()
    if (next !== undefined) next()
    else this.#active--
  }
}
