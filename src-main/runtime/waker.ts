/**
 * Wakes the engine loop: anything that may create work (a step result, an operator command,
 * a gate reading) calls `wake()`; the loop sleeps in `wait(ms)` until then or the deadline.
 * A wake that arrives while the loop is busy is remembered, so none is lost.
 */
export class Waker {
  private pending_ = false;
  private resolve: (() => void) | null = null;

  /** A wake arrived that no `wait` has consumed yet. */
  get pending(): boolean {
    return this.pending_;
  }

  wake(): void {
    this.pending_ = true;
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }

  /** Resolves on the next wake (or at once if one is pending), or after `ms` (null: no deadline). */
  wait(ms: number | null): Promise<void> {
    if (this.pending_) {
      this.pending_ = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(() => this.wake(), Math.max(0, ms));
      this.resolve = () => {
        if (timer !== null) {
          clearTimeout(timer);
        }
        this.pending_ = false;
        resolve();
      };
    });
  }
}
