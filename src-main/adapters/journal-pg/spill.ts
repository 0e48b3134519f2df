/**
 * The break-glass spill file of a team driver: while its database is unreachable, the
 * records of stopping the rollout (pause, halt, abort, rollback and the results of steps
 * already running) are appended here, one JSON line each, fsynced before they count as
 * journaled, so they are acted on at once and survive a crash. Each line keeps the record's
 * exact text (what the database will store), its seq, the lease epoch it was decided under,
 * who, why and when. When the database answers again the records are reconciled into the
 * shared journal in order, under that epoch (the database fences it), and the file is
 * removed; if the lease was lost meanwhile the file stays, and says what is not in the
 * shared journal.
 */
import {
  mkdirSync,
  openSync,
  fsyncSync,
  writeSync,
  closeSync,
  rmSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import path from 'node:path';

/** One spilled record. */
export interface SpillLine {
  readonly rollout: string;
  readonly seq: number;
  readonly epoch: number;
  readonly type: string;
  /** Who (the event's `by`), when it names a person. */
  readonly by: string | null;
  /** Why (the event's `reason`), when it gives one. */
  readonly reason: string | null;
  /** When it was spilled (ISO 8601, this machine's clock). */
  readonly spilledAt: string;
  /** The record's exact text, as the team journal will store it. */
  readonly record: string;
}

/** The spill file of one rollout: `<dir>/<rollout>.jsonl`. */
export class SpillFile {
  readonly file: string;

  constructor(dir: string, rollout: string) {
    // A rollout name is the database's text; the file name keeps it readable and safe.
    this.file = path.join(dir, `${rollout.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
  }

  /** Appends `lines` and fsyncs them; throws when the disk refuses (then nothing counts). */
  append(lines: readonly SpillLine[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The lines spilled so far (empty when there is no file). */
  read(): SpillLine[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as SpillLine);
  }

  /**
   * Moves an earlier driver's unreconciled spill aside (`<rollout>.unreconciled-<time>.jsonl`),
   * so that this driver's spill, reconciled and removed, never takes it along; returns where.
   */
  setAside(now: Date): string {
    const aside = this.file.replace(
      /\.jsonl$/,
      `.unreconciled-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`,
    );
    renameSync(this.file, aside);
    return aside;
  }

  /** Removes the file once every line is in the shared journal. */
  remove(): void {
    rmSync(this.file, { force: true });
  }
}

/** The spill line of a record (its event read for who and why). */
export function spillLine(
  rollout: string,
  epoch: number,
  seq: number,
  event: { readonly type: string; readonly by?: unknown; readonly reason?: unknown },
  record: string,
  now: Date,
): SpillLine {
  return {
    rollout,
    seq,
    epoch,
    type: event.type,
    by: typeof event.by === 'string' ? event.by : null,
    reason: typeof event.reason === 'string' ? event.reason : null,
    spilledAt: now.toISOString(),
    record,
  };
}
