/**
 * Where a process that appends to a file journal (a driver resuming, a command sent to a
 * journal nobody drives) starts reading it: the journal's checkpoint, so a 1,000,000-event
 * rollout is the checkpoint's state and its tail, not every record again.
 */
import { readCheckpoint } from '../adapters/journal/checkpoint';
import type { OpenJournalOptions } from '../adapters/journal';
import {
  STATE_FORMAT,
  decodeState,
  replay,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../core/rollout';

/** The state to resume from, and the ids of the commands carried out by then. */
export interface ResumePoint {
  readonly state: RolloutState;
  readonly carried: readonly string[];
}

/**
 * The `resumeAt` of openJournal: the checkpoint beside the journal when it is one this
 * version wrote, lists the commands carried out, decodes to the state at its record and,
 * given `planHash`, belongs to that plan; `found` gets its state. Otherwise null, and the
 * journal is read from its first record (which also names a changed plan in the usual words).
 */
export function resumeAtCheckpoint(
  planHash: string | null,
  found: (point: ResumePoint) => void,
): NonNullable<OpenJournalOptions<RolloutEvent>['resumeAt']> {
  return async (file) => {
    const cp = await readCheckpoint(file, STATE_FORMAT);
    if (cp.kind !== 'usable' || cp.header.carried === undefined) {
      return null;
    }
    const state = decodeState(cp.stateJson);
    if (
      state === null ||
      state.events !== cp.header.seq ||
      (planHash !== null && state.planHash !== planHash)
    ) {
      return null;
    }
    found({ state, carried: cp.header.carried });
    const { seq, hash, offset } = cp.header;
    return { seq, hash, offset };
  };
}

/** The state after `events` (the records read), from the resume point's state when there is one. */
export function resumedState(
  point: ResumePoint | null,
  events: Iterable<RolloutEvent>,
): RolloutState {
  if (point === null) {
    return replay(events);
  }
  let state = point.state;
  for (const e of events) {
    state = replayStep(state, e);
  }
  return state;
}
