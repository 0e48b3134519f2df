/**
 * What tells a simulated command to stop when its SSH channel closes: the reading half of an
 * AbortSignal without its EventTarget. A 10,000-host rehearsal runs 30,000 commands; an
 * AbortController each was 18 MB of the fleet's promoted garbage (allocation profile).
 */
export interface StopSignal {
  readonly aborted: boolean;
  /** Calls `f` once when stopped (at once if already stopped); the result cancels that. */
  whenAborted(f: () => void): () => void;
}

/** The writing half: `abort()` stops every command that was given this signal. */
export class Stop implements StopSignal {
  aborted = false;
  private waiting: (() => void)[] = [];

  abort(): void {
    if (this.aborted) {
      return;
    }
    this.aborted = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const f of waiting) {
      f();
    }
  }

  whenAborted(f: () => void): () => void {
    if (this.aborted) {
      f();
      return () => undefined;
    }
    this.waiting.push(f);
    return () => {
      const i = this.waiting.indexOf(f);
      if (i >= 0) {
        this.waiting.splice(i, 1);
      }
    };
  }
}
