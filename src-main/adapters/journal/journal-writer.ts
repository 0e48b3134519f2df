import { redactHeld } from '../secrets/held-secrets';
import type { FileHandle } from 'node:fs/promises';
import type { HeadAnchor, HeadAnchorFile } from './head-anchor';

/** The head anchor is rewritten at most this often while appends go on (see below). */
const ANCHOR_INTERVAL_MS = 100;
import { writeCheckpoint } from './checkpoint';
import type { JournalLock } from './lock';
import { ChainHead, type ChainPoint } from './chain-head';
import { encodeBatch } from './encode-batch';
import { GENESIS_HASH, type JournalEvent, type JournalRecord } from './record';

/** An open journal, owned exclusively by this process until `close()`. */
export interface Journal<E extends JournalEvent> {
  /** The journal file. */
  readonly path: string;
  /**
   * The records the file held when it was opened, oldest first — after the checkpoint when
   * it was opened from one (see `resumeAt` of openJournal). Appended records are not kept (a
   * long run's memory stays flat): they are in the file, and each append returns its own.
   */
  readonly loadedRecords: readonly JournalRecord<E>[];
  /** The loaded records' events, oldest first, without copying: `replay(journal.loadedEvents())`. */
  loadedEvents(): IterableIterator<E>;
  /** Lets go of the loaded records once the caller has replayed them (a resumed long journal). */
  dropLoaded(): void;
  /** seq of the last durable record; 0 when empty. */
  readonly lastSeq: number;
  /** seq of the last appended record, durable or not: the seq the caller's state is at. */
  readonly appendedSeq: number;
  /** fdatasync calls made by this writer so far (group commit makes it < appends). */
  readonly syncs: number;
  /** Said while opening: torn last line dropped, stale lock taken over. */
  readonly warnings: readonly string[];
  /**
   * True while appended records are durable only in a break-glass spill file (a team journal
   * cut off from its database): no new forward work may start (core/rollout/break-glass.ts).
   */
  readonly spilling: boolean;
  /**
   * Appends events in order and resolves with their records once the bytes are on disk
   * (fdatasync). Concurrent calls share one fsync (group commit) and keep call order.
   * Rejects after an I/O failure (the journal then refuses every later append) or close.
   */
  append(events: readonly E[]): Promise<JournalRecord<E>[]>;
  /**
   * Snapshots `state` (what every event appended so far folds into) as the journal's
   * checkpoint, written beside it once those events are durable (see checkpoint.ts). The
   * state is serialised during the call (the caller may change it after) and passes the
   * redaction boundary like every event. `carried` are the ids of every command carried out
   * so far (each event's `commandId`): a driver resuming from the checkpoint still answers a
   * retried command as done, never twice. A later call replaces one not yet
   * written; a failed write is only a slower next open, so it is reported, never thrown.
   */
  checkpoint<S>(
    state: S,
    stateFormat: string,
    encode: (state: S) => string,
    carried: readonly string[],
  ): void;
  /** Waits for pending appends, closes the file and releases the lock. Safe to call twice. */
  close(): Promise<void>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Waiter<E extends JournalEvent> {
  readonly records: JournalRecord<E>[];
  readonly resolve: (records: JournalRecord<E>[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The append side of an open journal: numbers and hashes events at call time (so call order
 * is file order), batches whatever arrives while a write+fdatasync is in flight into the
 * next one (group commit), and resolves each append only once its batch is durable.
 * Built by `openJournal`, which owns the lock and the checks done before.
 */
export class JournalWriter<E extends JournalEvent> extends ChainHead<E> implements Journal<E> {
  private pendingLines: string[] = [];
  private pendingWaiters: Waiter<E>[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;
  private syncCount = 0;
  private anchorDue: HeadAnchor | null = null;
  private anchorWrittenAt = 0;
  private anchorTimer: ReturnType<typeof setTimeout> | null = null;
  private anchorWrite: Promise<void> = Promise.resolve();
  /** Byte length of the durable part of the file. */
  private durableBytes: number;
  /** Byte length of each pending line, in order (the lines' seqs follow the durable head). */
  private pendingSizes: number[] = [];
  private checkpointDue: {
    seq: number;
    stateJson: string;
    stateFormat: string;
    carried: readonly string[];
  } | null = null;
  private checkpointWrite: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly lock: JournalLock,
    private readonly anchor: HeadAnchorFile,
    loaded: JournalRecord<E>[],
    after: ChainPoint | null,
    readonly warnings: string[],
    bytes: number,
  ) {
    super(loaded, after);
    this.durableBytes = bytes;
  }

  /** A file journal is durable on its own disk: it never spills. */
  get spilling(): boolean {
    return false;
  }

  get syncs(): number {
    return this.syncCount;
  }

  checkpoint<S>(
    state: S,
    stateFormat: string,
    encode: (state: S) => string,
    carried: readonly string[],
  ): void {
    if (this.closed || this.failure !== null || this.nextSeq === 1) {
      return;
    }
    // Serialised now: the caller's state may be written in place after this call.
    const stateJson = encode(redactHeld(state));
    this.checkpointDue = {
      seq: this.nextSeq - 1,
      stateJson,
      stateFormat,
      carried: redactHeld([...carried]),
    };
    if (this.flushing === null) {
      // Everything appended is already durable: write it now.
      this.writeCheckpointIfDue(this.lastSeq, this.durableBytes);
    }
  }

  /** Starts writing the due checkpoint when its record is durable, ending at byte `end`. */
  private writeCheckpointIfDue(durableSeq: number, end: number): void {
    const due = this.checkpointDue;
    if (due === null || due.seq !== durableSeq) {
      return;
    }
    this.checkpointDue = null;
    const hash = this.lastDurable?.hash ?? GENESIS_HASH;
    this.checkpointWrite = this.checkpointWrite
      .then(() =>
        writeCheckpoint(
          this.path,
          { stateFormat: due.stateFormat, seq: due.seq, hash, offset: end, carried: due.carried },
          due.stateJson,
        ),
      )
      .catch((e: unknown) => {
        this.warnings.push(
          `journal ${this.path}: checkpoint at record ${due.seq} not written (${errorText(e)}); the next open replays more`,
        );
      });
  }

  append(events: readonly E[]): Promise<JournalRecord<E>[]> {
    if (this.closed) {
      return Promise.reject(new Error(`journal ${this.path}: append after close`));
    }
    if (this.failure !== null) {
      return Promise.reject(this.failedError());
    }
    if (events.length === 0) {
      return Promise.resolve([]);
    }
    const batch = encodeBatch(this.path, this.nextSeq, this.headHash, events);
    if (batch instanceof Error) {
      return Promise.reject(batch);
    }
    const { records, lines, seq, head } = batch;
    this.nextSeq = seq;
    this.headHash = head;
    for (const line of lines) {
      this.pendingLines.push(line);
      this.pendingSizes.push(Buffer.byteLength(line, 'utf8'));
    }
    const done = new Promise<JournalRecord<E>[]>((resolve, reject) => {
      this.pendingWaiters.push({ records, resolve, reject });
    });
    if (this.flushing === null) {
      this.flushing = this.flushLoop();
    }
    return done;
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.flushing;
    await this.checkpointWrite;
    await this.fh.close();
    await this.anchorWrite;
    await this.writeAnchorIfDue(true);
    await this.anchor.close();
    await this.lock.release();
  }

  /** Writes and syncs batches until nothing is pending; appends made meanwhile form the next batch. */
  private async flushLoop(): Promise<void> {
    while (this.pendingWaiters.length > 0 && this.failure === null) {
      const lines = this.pendingLines;
      const sizes = this.pendingSizes;
      const waiters = this.pendingWaiters;
      this.pendingLines = [];
      this.pendingSizes = [];
      this.pendingWaiters = [];
      try {
        await this.writeAll(Buffer.from(lines.join(''), 'utf8'));
        await this.fh.datasync();
        this.syncCount += 1;
        // Only after the records are durable: the anchor never points past the file.
        const last = waiters[waiters.length - 1]?.records.at(-1);
        if (last !== undefined) {
          this.anchorDue = { seq: last.seq, hash: last.hash };
          await this.writeAnchorIfDue(false);
        }
      } catch (e) {
        this.failure = e instanceof Error ? e : new Error(String(e));
        const error = this.failedError();
        for (const w of [...waiters, ...this.pendingWaiters]) {
          w.reject(error);
        }
        this.pendingWaiters = [];
        this.pendingLines = [];
        this.pendingSizes = [];
        break;
      }
      let i = 0;
      for (const w of waiters) {
        for (const r of w.records) {
          this.lastDurable = r;
          this.durableBytes += sizes[i] ?? 0;
          i += 1;
          this.writeCheckpointIfDue(r.seq, this.durableBytes);
        }
        w.resolve(w.records);
      }
    }
    this.flushing = null;
  }

  /**
   * Writes the anchor at most every {@link ANCHOR_INTERVAL_MS} (and when forced, on close): on
   * ext4 every anchor write rides along with the next fdatasync's commit, which cost half the
   * sequential append rate when written per commit. A later commit, or a timer, writes it.
   */
  private async writeAnchorIfDue(force: boolean): Promise<void> {
    const due = this.anchorDue;
    if (due === null) {
      return;
    }
    const now = Date.now();
    if (!force && now - this.anchorWrittenAt < ANCHOR_INTERVAL_MS) {
      this.anchorTimer ??= setTimeout(() => {
        this.anchorTimer = null;
        // A failed anchor write is caught up by the next one; the records are durable.
        this.anchorWrite = this.anchorWrite
          .then(() => this.writeAnchorIfDue(true))
          .catch(() => undefined);
      }, ANCHOR_INTERVAL_MS).unref();
      return;
    }
    if (force && this.anchorTimer !== null) {
      clearTimeout(this.anchorTimer);
      this.anchorTimer = null;
    }
    this.anchorDue = null;
    this.anchorWrittenAt = now;
    await this.anchor.write(due);
  }

  private async writeAll(buf: Buffer): Promise<void> {
    let offset = 0;
    while (offset < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, offset, buf.length - offset, null);
      offset += bytesWritten;
    }
  }

  private failedError(): Error {
    return new Error(
      `journal ${this.path}: a write failed, nothing more is appended (${this.failure?.message ?? 'unknown'}); reopen the journal to continue`,
    );
  }
}
