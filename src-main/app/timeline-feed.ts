/**
 * The console's timeline, built incrementally from journaled events: one entry per event in
 * the core's words, except repeated gate readings. A gate is evaluated every second while a
 * ring bakes; only a change of outcome (or a final reading) is news to the operator. The
 * exports read the whole journal, so nothing is lost there.
 */
import type { TimelineEntry } from '../core/contract';
import type { RolloutEvent } from '../core/rollout';
import { describeEvent } from '../core/timeline';

/**
 * Entries kept for the live view: every snapshot carries the timeline whole, so a 10,000-host
 * rollout's tens of thousands of step lines would make each push megabytes. The export
 * always covers the whole journal.
 */
const MAX_ENTRIES = 2000;

/** Accumulates the timeline entries of one rollout. */
export interface TimelineFeed {
  /** Adds events in journal order; `seq` is the journal position of the first one. */
  add(events: readonly RolloutEvent[]): void;
  /** The entries so far (a new array after every change, so snapshots can share it). */
  entries(): readonly TimelineEntry[];
}

/** Creates an empty feed. */
export function createTimelineFeed(): TimelineFeed {
  let seq = 0;
  let list: readonly TimelineEntry[] = [];
  const lastGate = new Map<string, string>();
  return {
    add(events) {
      const added: TimelineEntry[] = [];
      for (const e of events) {
        const at = seq;
        seq += 1;
        if (e.type === 'GateEvaluated') {
          const key = `${e.ring ?? ''}\u0000${e.gate}`;
          if (!e.final && lastGate.get(key) === e.outcome) {
            continue;
          }
          lastGate.set(key, e.outcome);
        }
        const d = describeEvent(e, at);
        added.push({
          seq: d.seq,
          at: d.at,
          kind: d.event,
          by: d.who,
          ring: d.ring,
          host: d.host,
          text: d.text,
        });
      }
      if (added.length > 0) {
        const next = [...list, ...added];
        list = next.length > MAX_ENTRIES ? next.slice(next.length - MAX_ENTRIES) : next;
      }
    },
    entries: () => list,
  };
}
