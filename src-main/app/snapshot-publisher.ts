/**
 * Pushes snapshots at most every `minIntervalMs` (a busy rollout changes state hundreds of
 * times a second; the console needs a few frames). Each snapshot gets the next revision so
 * a late push never overwrites a newer one; the previous snapshot is handed to the
 * projection so unchanged host views keep their identity.
 */
import type { ConsoleSnapshot } from '../core/contract';

export interface SnapshotPublisher {
  /** Something changed: a snapshot goes out within `minIntervalMs`. */
  changed(): void;
  /** The up-to-date snapshot (projected now if anything changed since the last one). */
  current(): ConsoleSnapshot;
  /** Stops the pending timer. */
  close(): void;
}

/** `project(revision, previous)` builds a snapshot; `emit` pushes it. */
export function createSnapshotPublisher(o: {
  readonly project: (revision: number, previous: ConsoleSnapshot | null) => ConsoleSnapshot;
  readonly emit: (s: ConsoleSnapshot) => void;
  readonly minIntervalMs?: number;
}): SnapshotPublisher {
  const minIntervalMs = o.minIntervalMs ?? 250;
  let last: ConsoleSnapshot | null = null;
  let dirty = true;
  let lastAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const publish = (): ConsoleSnapshot => {
    last = o.project((last?.revision ?? 0) + 1, last);
    dirty = false;
    lastAt = performance.now();
    o.emit(last);
    return last;
  };
  const fire = () => {
    timer = null;
    if (!closed && dirty) {
      publish();
    }
  };
  return {
    changed() {
      dirty = true;
      if (timer !== null || closed) {
        return;
      }
      const wait = Math.max(0, lastAt + minIntervalMs - performance.now());
      timer = setTimeout(fire, wait);
    },
    current() {
      return dirty || last === null ? publish() : last;
    },
    close() {
      closed = true;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
    },
  };
}
