/**
 * What `ringside verify` says of a journal's checkpoint: the state replayed from the first
 * record up to the checkpoint's seq must equal the snapshot, field for field. Fed record by
 * record during verify's one pass over the journal (no second read).
 */
import { isDeepStrictEqual } from 'node:util';
import type { JournalRecord } from '../adapters/journal';
import { readCheckpoint, type CheckpointHeader } from '../adapters/journal/checkpoint';
import {
  STATE_FORMAT,
  decodeState,
  encodeState,
  replayStart,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../core/rollout';

export interface CheckpointCheck {
  /** Feed every good record in order. */
  onRecord(r: JournalRecord<RolloutEvent>): void;
  /** The verdict after the scan: a line to print, and whether it is damage. */
  verdict(): { readonly line: string; readonly damaged: boolean };
}

/** The first path where two JSON values differ, e.g. `hosts.web-1.status`. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) {
    return null;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return path || '(the whole state)';
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path ? `${path}.${k}` : k,
    );
    if (d !== null) {
      return d;
    }
  }
  return path || '(the whole state)';
}

/** Starts checking the checkpoint beside `journalFile`, if there is one. */
export async function checkCheckpoint(journalFile: string): Promise<CheckpointCheck> {
  const cp = await readCheckpoint(journalFile, STATE_FORMAT);
  if (cp.kind !== 'usable') {
    const line =
      cp.kind === 'none'
        ? 'no checkpoint (the next open replays every record)'
        : `checkpoint ignored by every open: ${cp.reason}`;
    return { onRecord: () => undefined, verdict: () => ({ line, damaged: false }) };
  }
  const header: CheckpointHeader = cp.header;
  let state: RolloutState | null = replayStart();
  let diff: string | null | undefined;
  return {
    onRecord(r) {
      if (state === null) {
        return;
      }
      state = replayStep(state, r.event);
      if (r.seq === header.seq) {
        // Compare as text, the form the checkpoint was written in: the same text is the
        // common case; otherwise field by field (key order may differ), naming the first.
        if (encodeState(state) === cp.stateJson) {
          diff = null;
        } else {
          const snapshot = decodeState(cp.stateJson) ?? undefined;
          diff = firstDifference(JSON.parse(JSON.stringify(state)), snapshot);
        }
        state = null;
      }
    },
    verdict() {
      if (diff === undefined) {
        return {
          line: `checkpoint at seq ${header.seq}: the chain ends before it`,
          damaged: true,
        };
      }
      return diff === null
        ? { line: `checkpoint at seq ${header.seq} matches the replayed state`, damaged: false }
        : {
            line: `checkpoint at seq ${header.seq} does not match the state replayed from the journal (first difference: ${diff}); delete it and the next open replays every record`,
            damaged: true,
          };
    },
  };
}
