/** A counting semaphore with FIFO waiters; `onFull` may free a slot (e.g. evict an idle connection). */
export class Semaphore {
  private used = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly capacity: number,
    private readonly onFull?: () => void,
  ) {}

  /** Resolves once a slot is held; pair with exactly one `release()`. */
  acquire(): Promise<void> {
    if (this.used < this.capacity) {
      this.used++;
      return Promise.resolve();
    }
    const p = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.onFull?.();
    return p;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) {
      // The slot passes straight to the next waiter, so `used` is unchanged.
      next();
    } else {
      this.used = Math.max(0, this.used - 1);
    }
  }

  get inUse(): number {
    return this.used;
  }
}
