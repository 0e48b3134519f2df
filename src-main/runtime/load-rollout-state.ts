/**
 * Reading a rollout's state from its journal, read-only (no lock): the journal's checkpoint
 * when it holds (see adapters/journal/checkpoint.ts), then the records after it; else every
 * record from the first. The way `status`, `verify` and the other read-only views open a
 * journal, so a 1,000,000-event rollout opens in the time of its tail.
 */
import {
  loadJournal,
  replayJournal,
  resolveJournalPath,
  type JournalLoadError,
  type JournalRecord,
  type JournalScan,
} from '../adapters/journal';
import { readCheckpoint } from '../adapters/journal/checkpoint';
import { readRecordsBefore } from '../adapters/journal/read-back';
import {
  STATE_FORMAT,
  decodeState,
  parseRolloutEvent,
  replay,
  replayStart,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../core/rollout';

export interface LoadedRolloutState extends JournalScan {
  readonly ok: true;
  readonly state: RolloutState;
  /** The checkpoint's seq when one was used; null when every record was replayed. */
  readonly checkpointSeq: number | null;
  /** The last `recent` records, oldest first. */
  readonly recent: readonly JournalRecord<RolloutEvent>[];
}

export type LoadRolloutStateResult =
  LoadedRolloutState | { readonly ok: false; readonly error: JournalLoadError };

/** Loads the state of the journal at `pathOrDir`, keeping its last `recent` records. */
export async function loadRolloutState(
  pathOrDir: string,
  recent = 0,
): Promise<LoadRolloutStateResult> {
  const file = resolveJournalPath(pathOrDir).file;
  const notes: string[] = [];
  const cp = await readCheckpoint(file, STATE_FORMAT);
  let start: RolloutState | null = null;
  if (cp.kind === 'usable') {
    const parsed = decodeState(cp.stateJson);
    start = parsed !== null && parsed.events === cp.header.seq ? parsed : null;
    if (start === null) {
      notes.push(`checkpoint ignored: its state is not the state at record ${cp.header.seq}`);
    }
  } else if (cp.kind === 'ignored') {
    notes.push(`checkpoint ignored (${cp.reason}); replayed every record`);
  }
  const from = start !== null && cp.kind === 'usable' ? cp.header : null;
  const replayed = await replayJournal<RolloutEvent, RolloutState>(
    file,
    (s, e) => replayStep(s, e),
    start ?? replayStart(),
    {
      parseEvent: parseRolloutEvent,
      ...(from ? { from: { seq: from.seq, hash: from.hash, offset: from.offset } } : {}),
    },
  );
  if (!replayed.ok) {
    return replayed;
  }
  // The last records are read back from the end (at most `recent` lines), checked against
  // the chain head the replay reached.
  let last: JournalRecord<RolloutEvent>[] = [];
  if (recent > 0 && replayed.lastSeq > 0) {
    const read = await readRecordsBefore(
      file,
      replayed.validBytes,
      recent,
      parseRolloutEvent,
      replayed.lastHash,
    );
    if (typeof read === 'string') {
      return {
        ok: false,
        error: { kind: 'damaged', path: file, line: 0, message: `${file}: ${read}` },
      };
    }
    last = read;
  }
  return {
    ...replayed,
    ok: true,
    warnings: [...notes, ...replayed.warnings],
    checkpointSeq: from?.seq ?? null,
    recent: last,
  };
}

/** Every event of a journal, and the state they replay to. */
export interface LoadedRolloutEvents {
  readonly ok: true;
  readonly events: readonly RolloutEvent[];
  readonly state: RolloutState;
  /** Said while reading (a torn last line dropped). */
  readonly warnings: readonly string[];
}

/**
 * Reads every event of the journal at `pathOrDir`, read-only (no lock), with the state they
 * replay to: what the timeline, exports, the release picker and a console restart need. The
 * one place a whole rollout is loaded; a driver opens its journal through openRollout, and
 * views that need only the state use {@link loadRolloutState}.
 */
export async function loadRolloutEvents(
  pathOrDir: string,
): Promise<LoadedRolloutEvents | { readonly ok: false; readonly error: JournalLoadError }> {
  const loaded = await loadJournal<RolloutEvent>(pathOrDir, { parseEvent: parseRolloutEvent });
  if (!loaded.ok) {
    return loaded;
  }
  const events = loaded.records.map((r) => r.event);
  return { ok: true, events, state: replay(events), warnings: loaded.warnings };
}
