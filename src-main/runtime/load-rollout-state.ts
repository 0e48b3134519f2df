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
import {
  isTeamUrl,
  loadTeamRollout,
  readRollout,
  type LeaseRow,
  type Queryable,
  type TeamUrl,
} from '../adapters/journal-pg';
import { readRecordsBefore } from '../adapters/journal/read-back';
import { startTailCheck } from '../adapters/journal/tail-check';
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
  // The tail is read and hash-checked on a second thread while this one decodes the state.
  const tail = cp.kind === 'usable' ? startTailCheck(file, cp.header) : null;
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
  if (from === null) {
    tail?.cancel();
  }
  const replayed = await replayJournal<RolloutEvent, RolloutState>(
    file,
    (s, e) => replayStep(s, e),
    start ?? replayStart(),
    {
      parseEvent: parseRolloutEvent,
      ...(from && tail
        ? { from: { seq: from.seq, hash: from.hash, offset: from.offset }, checkedTail: tail }
        : {}),
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
 * Reads every event of the journal at `pathOrDir` — a file journal, or a team journal's
 * `postgres://…?rollout=NAME` URL (its credentials from `env`, libpq's way) — read-only (no
 * lock), with the state they replay to: what the timeline, exports, the release picker and
 * a console restart need. The one place a whole rollout is loaded; a driver opens its
 * journal through openRollout, and views that need only the state use {@link loadRolloutState}.
 */
export async function loadRolloutEvents(
  pathOrDir: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<
  LoadedRolloutEvents | { readonly ok: false; readonly error: { readonly message: string } }
> {
  if (isTeamUrl(pathOrDir)) {
    const team = await loadTeamRollout<RolloutEvent>(pathOrDir, env, parseRolloutEvent);
    if (!team.ok) {
      return { ok: false, error: { message: team.message } };
    }
    const events = team.records.map((r) => r.event);
    return { ok: true, events, state: replay(events), warnings: [] };
  }
  const loaded = await loadJournal<RolloutEvent>(pathOrDir, { parseEvent: parseRolloutEvent });
  if (!loaded.ok) {
    return loaded;
  }
  const events = loaded.records.map((r) => r.event);
  return { ok: true, events, state: replay(events), warnings: loaded.warnings };
}

/** A team rollout's state, its last `recent` records and its lease (who drives it). */
export async function loadTeamRolloutState(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  recent: number,
): Promise<
  | {
      readonly ok: true;
      readonly shown: string;
      readonly state: RolloutState;
      readonly recent: readonly JournalRecord<RolloutEvent>[];
      readonly lease: LeaseRow | null;
      /** The last record's seq and hash (0 and '' when empty). */
      readonly head: { readonly seq: number; readonly hash: string };
    }
  | { readonly ok: false; readonly message: string }
> {
  const loaded = await loadTeamRollout<RolloutEvent>(url, env, parseRolloutEvent);
  if (!loaded.ok) {
    return loaded;
  }
  return {
    ok: true,
    shown: loaded.url.shown,
    state: replay(loaded.records.map((r) => r.event)),
    recent: recent > 0 ? loaded.records.slice(-recent) : [],
    lease: loaded.lease,
    head: { seq: loaded.records.at(-1)?.seq ?? 0, hash: loaded.records.at(-1)?.hash ?? '' },
  };
}

/**
 * A team rollout read whole through `db` (the console's pool: its own connection, no lease)
 * and replayed: its records, their events and the state they make. The state is the
 * caller's own (replayed here, shared with nothing), so it may be stepped in place.
 */
export async function readTeamRolloutState(
  db: Queryable,
  url: TeamUrl,
  rollout: string,
): Promise<
  | {
      readonly ok: true;
      readonly records: readonly JournalRecord<RolloutEvent>[];
      readonly events: RolloutEvent[];
      readonly state: RolloutState;
    }
  | { readonly ok: false; readonly message: string }
> {
  const read = await readRollout<RolloutEvent>(db, url, rollout, parseRolloutEvent);
  if (!read.ok) {
    return read;
  }
  const events = read.records.map((r) => r.event);
  return { ok: true, records: read.records, events, state: replay(events) };
}
