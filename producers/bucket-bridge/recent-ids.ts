/**
 * Ids emitted recently, oldest forgotten first. Only spares downstream obvious duplicates (a
 * notification delivered twice in a row); correctness never depends on it, since ids are
 * derived and every consumer is idempotent by document id.
 */
export class RecentIds {
  private readonly capacity: number
  private readonly ids = new Set<string>()

  constructor (capacity: number) {
    this.capacity = capacity
  }

  has (id: string): boolean {
    return this.ids.has(id)
  }

  add (id: string): void {
    this.ids.delete(id)
    this.ids.add(id)
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string
      this.ids.delete(oldest)
    }
  }
}
