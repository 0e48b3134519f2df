import { createReadStream } from 'node:fs';
import { checkHeadAnchor, readHeadAnchor, type HeadAnchor } from './head-anchor';
import { resolveJournalPath } from './paths';
import type { CheckedTail, TailCheck, TailStart } from './tail-check';
import {
  decodeRecord,
  GENESIS_HASH,
  parseAnyEvent,
  type EventParser,
  type JournalEvent,
  type JournalRecord,
} from './record';

/** Why a journal could not be loaded. `line` is 1-based; the message names file and line. */
export type JournalLoadError =
  | {
      readonly kind: 'damaged';
      readonly path: string;
      readonly line: number;
      readonly message: string;
    }
  | { readonly kind: 'unreadable'; readonly path: string; readonly message: string };

/** What a successful scan found besides the records themselves. */
export interface JournalScan {
  readonly path: string;
  /** Records seen (the torn last line, if any, is not counted). */
  readonly count: number;
  /** seq of the last good record, 0 for an empty journal. */
  readonly lastSeq: number;
  /** hash of the last good record, {@link GENESIS_HASH} for an empty journal. */
  readonly lastHash: string;
  /** Byte length of the good part; a writer truncates the file to this before appending. */
  readonly validBytes: number;
  /** Size of the file when it was read. */
  readonly fileBytes: number;
  /** e.g. the torn last line that was dropped. */
  readonly warnings: readonly string[];
  /** The head anchor the chain was checked against; null for a journal that predates anchors. */
  readonly anchor: HeadAnchor | null;
}

export type JournalScanResult =
  ({ readonly ok: true } & JournalScan) | { readonly ok: false; readonly error: JournalLoadError };

export type JournalLoadResult<E extends JournalEvent> =
  | ({ readonly ok: true; readonly records: JournalRecord<E>[] } & JournalScan)
  | { readonly ok: false; readonly error: JournalLoadError };

/** Options shared by {@link loadJournal} and {@link scanJournal}. */
export interface LoadOptions<E extends JournalEvent> {
  /** Validates each event; default: any object with a string `type`. */
  readonly parseEvent?: EventParser<E>;
  /**
   * Start after a record already known good (a checkpoint's): its seq and hash, and the byte
   * just past its newline. Records before it are not read; the chain continues from its hash.
   */
  readonly from?: TailStart;
  /**
   * The tail after `from`, already read and hash-checked on a second thread
   * ({@link startTailCheck}, started with the same `from`): its records are parsed from
   * there, and the scan goes on as usual after the last one it checked.
   */
  readonly checkedTail?: TailCheck;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Streams a journal (file or `--journal` directory) and verifies every line — sequence,
 * hash chain, JSON, event shape — calling `onRecord` for each good record in order.
 * A torn last line (bytes after the last `\n`) is dropped with a warning; any other damage
 * stops the scan with the line number. When a head anchor lies beside the journal, the
 * chain must reach it: whole records cut off the end are named as a truncation. Reads in 1 MiB chunks: a 1 GB journal is never one
 * string, and memory stays flat when `onRecord` folds instead of collecting.
 */
export async function scanJournal<E extends JournalEvent>(
  pathOrDir: string,
  onRecord: (record: JournalRecord<E>) => void,
  options: LoadOptions<E> = {},
): Promise<JournalScanResult> {
  const path = resolveJournalPath(pathOrDir).file;
  const parseEvent = options.parseEvent ?? (parseAnyEvent as EventParser<E>);
  const from = options.from;
  const read = await readHeadAnchor(path);
  if (!read.ok) {
    options.checkedTail?.cancel();
    return { ok: false, error: { kind: 'damaged', path, line: 0, message: read.message } };
  }
  const anchor = read.anchor;
  // One record a line: line N holds record N, also when the scan starts mid-file.
  const at: ScanPosition = {
    lastSeq: from?.seq ?? 0,
    lastHash: from?.hash ?? GENESIS_HASH,
    validBytes: from?.offset ?? 0,
    anchoredHash: anchor?.seq === from?.seq ? from?.hash : undefined,
  };
  const checked = from && options.checkedTail ? await options.checkedTail.result : null;
  if (from && checked !== null) {
    takeCheckedTail(checked, from, at, parseEvent, anchor, onRecord);
  }
  let { lastSeq, lastHash, validBytes, anchoredHash } = at;
  let lineNo = lastSeq;
  let fileBytes = validBytes;
  let carry: Buffer | null = null;
  let damage: JournalLoadError | null = null;
  // A throwing onRecord (e.g. a reducer bug) is not a read error: let it propagate.
  let inCallback = false;

  const stream = createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
    ...(validBytes > 0 ? { start: validBytes } : {}),
  });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      fileBytes += chunk.length;
      const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      let start = 0;
      let nl = buf.indexOf(NEWLINE, start);
      while (nl !== -1) {
        lineNo += 1;
        const decoded = decodeRecord(
          buf.toString('utf8', start, nl),
          lastSeq + 1,
          lastHash,
          parseEvent,
          buf.subarray(start, nl),
        );
        if (typeof decoded === 'string') {
          damage = {
            kind: 'damaged',
            path,
            line: lineNo,
            message: `${path}:${lineNo}: ${decoded}`,
          };
          break;
        }
        inCallback = true;
        onRecord(decoded);
        inCallback = false;
        lastSeq = decoded.seq;
        lastHash = decoded.hash;
        if (anchor !== null && decoded.seq === anchor.seq) {
          anchoredHash = decoded.hash;
        }
        validBytes += nl + 1 - start;
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      if (damage !== null) {
        break;
      }
      carry = start < buf.length ? buf.subarray(start) : null;
    }
  } catch (e) {
    if (inCallback) {
      throw e;
    }
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: { kind: 'unreadable', path, message: `${path}: cannot read journal (${message})` },
    };
  } finally {
    stream.destroy();
  }
  if (damage !== null) {
    return { ok: false, error: damage };
  }
  const warnings: string[] = [];
  if (carry !== null) {
    // A crash mid-write leaves a partial last line; it was never acknowledged as durable.
    warnings.push(
      `${path}:${lineNo + 1}: torn last line dropped (${carry.length} bytes without a trailing newline)`,
    );
  }
  // An anchor older than the starting record says nothing the starting record did not.
  if (anchor !== null && anchor.seq >= (from?.seq ?? 0)) {
    const wrong = checkHeadAnchor(path, anchor, lastSeq, (seq) =>
      seq === anchor.seq ? anchoredHash : undefined,
    );
    if (wrong !== null) {
      return { ok: false, error: { kind: 'damaged', path, line: lastSeq + 1, message: wrong } };
    }
  }
  return {
    ok: true,
    path,
    count: lastSeq,
    lastSeq,
    lastHash,
    validBytes,
    fileBytes,
    warnings,
    anchor,
  };
}

/** Where a scan stands: the last good record, the bytes up to it, the anchor's hash if seen. */
interface ScanPosition {
  lastSeq: number;
  lastHash: string;
  validBytes: number;
  anchoredHash: string | undefined;
}

/**
 * The records a second thread read and hash-checked (tail-check.ts), each event parsed and
 * validated here as {@link decodeRecord} does. Stops at the first event that does not parse
 * or validate: the ordinary scan then takes that line and says what is wrong with it.
 */
function takeCheckedTail<E extends JournalEvent>(
  tail: CheckedTail,
  from: TailStart,
  at: ScanPosition,
  parseEvent: EventParser<E>,
  anchor: HeadAnchor | null,
  onRecord: (record: JournalRecord<E>) => void,
): void {
  const { bytes, events } = tail;
  for (let i = 0; i < tail.count; i++) {
    const start = events[2 * i] as number;
    const end = events[2 * i + 1] as number;
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8', start, end));
    } catch {
      return;
    }
    const event = parseEvent(raw);
    if (typeof event === 'string') {
      return;
    }
    // `,"hash":"` + 64 hex digits: the thread compared them with the line's sha256.
    const hash = bytes.toString('latin1', end + 9, end + 73);
    const seq = at.lastSeq + 1;
    onRecord({ seq, prev: at.lastHash, hash, event });
    at.lastSeq = seq;
    at.lastHash = hash;
    // Past `"}` and the newline.
    at.validBytes = from.offset + end + 76;
    if (anchor !== null && seq === anchor.seq) {
      at.anchoredHash = hash;
    }
  }
}

/**
 * Loads a whole journal into memory: its records plus warnings, or an error naming the
 * line and what is wrong. Read-only: takes no lock. For very large journals prefer
 * {@link replayJournal}, which folds without keeping the records.
 */
export async function loadJournal<E extends JournalEvent = JournalEvent>(
  pathOrDir: string,
  options: LoadOptions<E> = {},
): Promise<JournalLoadResult<E>> {
  const records: JournalRecord<E>[] = [];
  const scan = await scanJournal<E>(pathOrDir, (r) => records.push(r), options);
  return scan.ok ? { ...scan, records } : scan;
}

/**
 * Folds a journal's events into a state (`evolve` of the rollout core fits), streaming:
 * memory stays that of the state, not of the journal.
 */
export async function replayJournal<E extends JournalEvent, S>(
  pathOrDir: string,
  evolve: (state: S, event: E) => S,
  initial: S,
  options: LoadOptions<E> = {},
): Promise<
  | ({ readonly ok: true; readonly state: S } & JournalScan)
  | { readonly ok: false; readonly error: JournalLoadError }
> {
  let state = initial;
  const scan = await scanJournal<E>(
    pathOrDir,
    (r) => {
      state = evolve(state, r.event);
    },
    options,
  );
  return scan.ok ? { ...scan, state } : scan;
}
