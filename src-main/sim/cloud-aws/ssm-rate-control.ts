/**
 * Run Command's rate controls as the simulator applies them to one SendCommand: at most
 * MaxConcurrency instances run it at once, and once more than MaxErrors invocations have
 * failed (Failed or TimedOut) the command is sent to no further instance; those never started
 * end Cancelled. Each command keeps what it was asked and what it did, so a test can show the
 * limits were set and respected.
 */

/** What one SendCommand asked for and how it went. */
export interface SimCommandRecord {
  readonly commandId: string;
  readonly instanceIds: readonly string[];
  /** MaxConcurrency and MaxErrors as resolved to instance counts. */
  readonly maxConcurrency: number;
  readonly maxErrors: number;
  /** Most invocations of this command running at once. */
  peakRunning: number;
  /** Invocations that failed or timed out. */
  errors: number;
  /** Invocations never started because the error limit was passed. */
  notSent: number;
}

/**
 * A rate-control value (`10` or `10%` of `targets`) as an instance count; `fallback` when
 * absent; null when malformed. A percentage rounds up to at least 1 for concurrency.
 */
export function resolveLimit(
  value: unknown,
  targets: number,
  fallback: number,
  atLeastOne: boolean,
): number | null {
  if (value === undefined || value === null) {
    return fallback;
  }
  const m = /^(\d{1,10})(%?)$/.exec(String(value));
  if (!m) {
    return null;
  }
  const n = Number(m[1]);
  if (m[2] === '%') {
    const share = Math.floor((targets * Math.min(100, n)) / 100);
    return atLeastOne ? Math.max(1, Math.ceil((targets * Math.min(100, n)) / 100)) : share;
  }
  return atLeastOne ? Math.max(1, n) : n;
}

/**
 * Starts `start(i)` for each of `count` invocations under the record's limits; `start`
 * resolves true when that invocation failed. `skip(i)` ends one never started.
 */
export function runRateControlled(
  rec: SimCommandRecord,
  count: number,
  start: (i: number) => Promise<boolean>,
  skip: (i: number) => void,
): void {
  let next = 0;
  let running = 0;
  const pump = (): void => {
    while (running < rec.maxConcurrency && next < count) {
      if (rec.errors > rec.maxErrors) {
        for (; next < count; next++) {
          rec.notSent++;
          skip(next);
        }
        return;
      }
      const i = next++;
      running++;
      rec.peakRunning = Math.max(rec.peakRunning, running);
      void start(i).then((failed) => {
        running--;
        if (failed) {
          rec.errors++;
        }
        pump();
      });
    }
  };
  pump();
}
