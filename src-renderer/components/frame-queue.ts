/**
 * Spreads heavy re-renders over animation frames: at most one queued task runs per frame.
 * Five charts redrawn for one 1 Hz sample batch cost five frames of one chart each, instead
 * of one long frame of five (a frame the operator sees as a stall).
 */
import { useEffect, useRef, useState } from 'react';

const tasks = new Map<string, () => void>();
let scheduled = false;

const nextFrame: (run: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (run) => void requestAnimationFrame(run)
    : (run) => void setTimeout(run, 16);

function runOne(): void {
  scheduled = false;
  const first = tasks.entries().next();
  if (first.done) {
    return;
  }
  const [key, task] = first.value;
  tasks.delete(key);
  task();
  if (tasks.size > 0) {
    scheduled = true;
    nextFrame(runOne);
  }
}

/** Queues `task` under `key` (a later task for the same key replaces the queued one). */
export function queueForFrame(key: string, task: () => void): void {
  if (tasks.has(key)) {
    tasks.set(key, task);
    return;
  }
  tasks.set(key, task);
  if (!scheduled) {
    scheduled = true;
    nextFrame(runOne);
  }
}

/** Forgets a queued task (the component that queued it went away). */
export function unqueue(key: string): void {
  tasks.delete(key);
}

/**
 * `value`, but a change shows only when this key's turn in the frame queue comes. The first
 * value shows at once; only updates are spread.
 */
export function useFrameSpread<T>(key: string, value: T): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (value !== shown) {
      queueForFrame(key, () => setShown(() => latest.current));
    }
  }, [key, value, shown]);
  useEffect(() => () => unqueue(key), [key]);
  return shown;
}
