/**
 * The append side of a team journal: the same records as the file journal (record.ts), one
 * row each in `ringside_events`, written under the lease epoch this driver holds. Like the
 * file writer it numbers and hashes events at call time and batches whatever arrives while a
 * transaction is in flight into the next one (group commit); an append resolves once its
 * transaction committed. The transaction also NOTIFYs followers. A heartbeat renews the
 * lease; when the lease is lost (taken over, or not renewed in time) every later append is
 * refused here, and the database refuses any that was already on its way (the fence).
 */
import type pg from 'pg';
import type { Journal } from '../journal/journal-writer';
import { ChainHead } from '../journal/chain-head';
import { encodeBatch } from '../journal/encode-batch';
import type { JournalEvent, JournalRecord } from '../journal/record';
import { releaseLease, renewLease } from './lease';
import { FENCE_ERRORS, IDENTITY_ERRORS } from './schema';
import { errorText, insertRows, isUnreachable, rowsStored, type Row } from './pg-rows';
import { spillLine, type SpillLine } from './spill';
import {
  DatabaseRefusal,
  LeaseLostError,
  type HeldLease,
  type PgJournalHooks,
} from './pg-journal-types';
import { isBreakGlassEvent, startsForwardWork } from '../../core/rollout/break-glass';
import { spillNotReconciledWords, spillReconciledWords, spillStartedWords } from '../../core/words';

export { LeaseLostError, DatabaseRefusal, type HeldLease, type PgJournalHooks };

interface Waiter<E extends JournalEvent> {
  readonly records: JournalRecord<E>[];
  readonly lines: string[];
  readonly resolve: (records: JournalRecord<E>[]) => void;
  readonly reject: (error: Error) => void;
}

/** An open team journal; owns the pool and the lease until `close()`. */
export class PgJournal<E extends JournalEvent> extends ChainHead<E> implements Journal<E> {
  private pending: Waiter<E>[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;
  private commits = 0;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  /** Local time of the last renewal the database confirmed. */
  private renewedAt: number;
  /** The renewal in flight, if any: close waits for it, so it cannot land after the release. */
  private renewal: Promise<void> | null = null;
  /** Records durable only in the spill file, oldest first, until reconciled. */
  private spilled: { readonly row: Row; readonly line: SpillLine }[] = [];

  constructor(
    readonly path: string,
    private readonly pool: pg.Pool,
    private readonly lease: HeldLease,
    /**
     * The database login (session_user) this journal writes as: in team mode the person on
     * every event it appends, checked by the database.
     */
    readonly login: string,
    loaded: JournalRecord<E>[],
    readonly warnings: string[],
    private readonly hooks: PgJournalHooks,
  ) {
    super(loaded, null);
    this.renewedAt = Date.now();
    // Three renewals per lease: one lost packet or a slow round trip does not lose it.
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, lease.leaseMs / 3));
    this.heartbeat.unref();
  }

  /** The lease epoch this journal writes under. */
  get epoch(): number {
    return this.lease.epoch;
  }

  /**
   * True while records are durable only in the local spill file (the database unreachable):
   * no new forward work may start on them (see core/rollout/break-glass.ts).
   */
  get spilling(): boolean {
    return this.spilled.length > 0;
  }

  /** Transactions committed (group commit makes it < appends). */
  get syncs(): number {
    return this.commits;
  }

  /** Reads replay the rows; a team journal keeps no checkpoint (yet). */
  checkpoint(): void {
    // The database answers a replay from its index; nothing to snapshot beside it.
  }

  append(events: readonly E[]): Promise<JournalRecord<E>[]> {
    if (this.closed) {
      return Promise.reject(new Error(`journal ${this.path}: append after close`));
    }
    if (this.failure !== null) {
      return Promise.reject(this.failure);
    }
    if (events.length === 0) {
      return Promise.resolve([]);
    }
    const batch = encodeBatch(this.path, this.nextSeq, this.headHash, events);
    if (batch instanceof Error) {
      return Promise.reject(batch);
    }
    const { records, seq, head } = batch;
    // Rows hold the line without its newline (the file journal's exact text otherwise).
    const lines = batch.lines.map((l) => l.slice(0, -1));
    this.nextSeq = seq;
    this.headHash = head;
    const done = new Promise<JournalRecord<E>[]>((resolve, reject) => {
      this.pending.push({ records, lines, resolve, reject });
    });
    this.flushing ??= this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && this.failure === null) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.commitOrWait(batch);
        this.commits += 1;
      } catch (e) {
        this.fail(this.appendError(e));
        for (const w of [...batch, ...this.pending]) {
          w.reject(this.failure ?? new Error('append failed'));
        }
        this.pending = [];
        break;
      }
      for (const w of batch) {
        this.lastDurable = w.records.at(-1) ?? this.lastDurable;
        w.resolve(w.records);
      }
    }
    this.flushing = null;
  }

  private rowsOf(batch: readonly Waiter<E>[]): Row[] {
    return batch.flatMap((w) =>
      w.records.map((r, i) => ({
        seq: r.seq,
        prev: r.prev,
        hash: r.hash,
        line: w.lines[i] ?? '',
        type: r.event.type,
      })),
    );
  }

  private commit(rows: readonly Row[]): Promise<void> {
    return insertRows(this.pool, this.lease.rollout, this.lease.epoch, rows);
  }

  /**
   * Commits the batch (after any spilled records, in order); while the database is
   * unreachable, keeps it (and every append after it: nothing becomes durable, so the engine
   * starts no host) and retries until the lease would have expired — or, with a spill file,
   * for as long as it takes: a batch that stops the rollout (and what is queued before it)
   * is then made durable in the spill file and acted on at once (break-glass), while forward
   * work waits for the database. A commit whose answer was lost is recognised by its hashes.
   */
  private async commitOrWait(batch: readonly Waiter<E>[], once = false): Promise<void> {
    let waitMs = 100;
    let said = false;
    for (;;) {
      try {
        if (
          (said || this.spilling) &&
          !(await renewLease(this.pool, this.lease.rollout, this.lease.epoch, this.lease.leaseMs))
        ) {
          this.lose('another driver took the lease over while the database was unreachable');
          throw this.failure ?? new LeaseLostError('lease lost');
        }
        if (said || this.spilling) {
          this.renewedAt = Date.now();
        }
        await this.commit([...this.spilled.map((s) => s.row), ...this.rowsOf(batch)]);
        this.reconciled();
        if (said) {
          this.hooks.warn('the database answers again; appends go on');
        }
        return;
      } catch (e) {
        if (e instanceof LeaseLostError) {
          throw e;
        }
        const code = (e as { code?: string } | null)?.code;
        const rows = [...this.spilled.map((s) => s.row), ...this.rowsOf(batch)];
        if (code === '23505' && (await this.alreadyCommitted(rows))) {
          this.reconciled();
          return;
        }
        if (!isUnreachable(e)) {
          throw e;
        }
        if (once) {
          // A reconciling attempt: try again later, leaving the way free for appends.
          this.reconcileSoon(1_000);
          return;
        }
        if (this.trySpill(batch)) {
          return;
        }
        if (this.closed && this.hooks.spill !== null) {
          // Closing: what is held was never acted on; what is spilled, close reconciles.
          throw new Error(this.withSpill('the driver stopped before the database answered'));
        }
        if (this.hooks.spill === null && Date.now() - this.renewedAt >= this.lease.leaseMs) {
          throw e;
        }
        if (!said) {
          said = true;
          this.hooks.warn(
            `the database is unreachable (${errorText(e)}); no host starts until it answers, ${this.hooks.spill === null ? 'retrying within the lease' : 'retrying; pause, halt, abort and rollback still act'}`,
          );
        }
        await new Promise((r) => setTimeout(r, waitMs));
        waitMs = Math.min(1_000, waitMs * 2);
      }
    }
  }

  /**
   * Break-glass: spills `batch` when a spill file is set and the batch starts no forward work,
   * if it stops the rollout, a later queued batch does, or a spill is already open; a batch
   * queued before a stopping one is spilled too (order), its deploy starts then never
   * launched (the engine asks {@link spilling}). True when the batch is now durable.
   */
  private trySpill(batch: readonly Waiter<E>[]): boolean {
    const spill = this.hooks.spill;
    if (spill === null) {
      return false;
    }
    const events = batch.flatMap((w) => w.records.map((r) => r.event));
    const stops = (ws: readonly Waiter<E>[]) =>
      ws.some((w) => w.records.some((r) => isBreakGlassEvent(r.event)));
    const behind = stops(this.pending);
    if (!(stops(batch) || behind || (this.spilling && !events.some(startsForwardWork)))) {
      return false;
    }
    const rows = this.rowsOf(batch);
    const now = new Date();
    const lines = batch.flatMap((w) =>
      w.records.map((r, i) =>
        spillLine(this.lease.rollout, this.lease.epoch, r.seq, r.event, w.lines[i] ?? '', now),
      ),
    );
    spill.append(lines);
    if (!this.spilling) {
      this.hooks.warn(spillStartedWords(spill.file));
      this.reconcileSoon(100);
    }
    rows.forEach((row, i) => {
      const line = lines[i];
      if (line !== undefined) {
        this.spilled.push({ row, line });
      }
    });
    return true;
  }

  /**
   * While records are only spilled and nothing else is being appended, tries to reconcile
   * them (renew the lease under the same epoch, then insert them in order): a paused
   * rollout appends nothing, yet its pause must reach the shared journal when it can.
   */
  private reconcileSoon(waitMs: number): void {
    const t = setTimeout(() => {
      if (!this.spilling || this.failure !== null || this.closed) {
        return;
      }
      if (this.flushing !== null) {
        this.reconcileSoon(waitMs);
        return;
      }
      this.flushing = this.commitOrWait([], true)
        .catch((e: unknown) => this.fail(this.appendError(e)))
        .finally(() => {
          this.flushing = null;
          if (this.pending.length > 0) {
            this.flushing = this.flushLoop();
          }
        });
    }, waitMs);
    t.unref();
  }

  /**
   * A driver that stops with records only spilled waits for the database to take them
   * (interrupting leaves them in the spill file, which the next driver names).
   */
  private async reconcileBeforeClose(): Promise<void> {
    const spill = this.hooks.spill;
    if (spill === null || !this.spilling || this.failure !== null) {
      return;
    }
    this.hooks.warn(
      `waiting for the database to take ${this.spilled.length} break-glass record(s) from ${spill.file} (interrupt: they stay there)`,
    );
    while (this.spilling && this.failure === null) {
      await this.commitOrWait([], true).catch((e: unknown) => this.fail(this.appendError(e)));
      if (this.spilling) {
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** The spilled records are in the shared journal: say so, remove the file. */
  private reconciled(): void {
    const spill = this.hooks.spill;
    if (spill === null || !this.spilling) {
      return;
    }
    this.hooks.warn(
      spillReconciledWords(
        spill.file,
        this.spilled.map((s) => s.line),
      ),
    );
    this.spilled = [];
    spill.remove();
  }

  /** `why`, and when records are only spilled, exactly which ones the shared journal lacks. */
  private withSpill(why: string): string {
    const spill = this.hooks.spill;
    return spill === null || !this.spilling
      ? why
      : spillNotReconciledWords(
          spill.file,
          this.spilled.map((s) => s.line),
          why,
        );
  }

  private alreadyCommitted(rows: readonly Row[]): Promise<boolean> {
    return rowsStored(this.pool, this.lease.rollout, rows);
  }

  private appendError(e: unknown): Error {
    const code = (e as { code?: string } | null)?.code;
    if (code === FENCE_ERRORS.staleEpoch || code === FENCE_ERRORS.expired) {
      const why =
        code === FENCE_ERRORS.staleEpoch
          ? 'the database refused an append: another driver holds a newer lease'
          : 'the database refused an append: the lease expired before it was renewed';
      this.lose(why);
      return this.failure ?? new LeaseLostError(why);
    }
    if ((Object.values(IDENTITY_ERRORS) as string[]).includes(code ?? '') || code === '42501') {
      return new DatabaseRefusal(`the database refused it: ${errorText(e)}`);
    }
    return new Error(
      `journal ${this.path}: an append failed, nothing more is appended (${errorText(e)}); run again to continue`,
    );
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  /** Marks the lease lost (once): every later append is refused here. */
  private lose(cause: string): void {
    if (this.failure instanceof LeaseLostError) {
      return;
    }
    const why = this.withSpill(cause);
    this.failure = new LeaseLostError(
      `rollout ${this.lease.rollout}: lease epoch ${this.lease.epoch} lost (${why}); this driver writes nothing more`,
    );
    clearInterval(this.heartbeat);
    this.hooks.onLost(why);
  }

  private renew(): Promise<void> {
    if (this.renewal !== null || this.closed || this.failure !== null) {
      return this.renewal ?? Promise.resolve();
    }
    this.renewal = this.renewOnce().finally(() => {
      this.renewal = null;
    });
    return this.renewal;
  }

  private async renewOnce(): Promise<void> {
    const asked = Date.now();
    try {
      const kept = await renewLease(
        this.pool,
        this.lease.rollout,
        this.lease.epoch,
        this.lease.leaseMs,
      );
      if (!kept) {
        this.lose('another driver took the lease over');
      } else {
        this.renewedAt = asked;
      }
    } catch (e) {
      // Past its expiry the lease may be anyone's: stop before the database says so — unless
      // break-glass is on: then only the reconciling renewal (fenced) decides.
      if (this.hooks.spill === null && Date.now() - this.renewedAt >= this.lease.leaseMs) {
        this.lose(`not renewed for ${this.lease.leaseMs} ms (${errorText(e)})`);
      } else {
        this.hooks.warn(`lease renewal failed, retrying (${errorText(e)})`);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.flushing;
    await this.reconcileBeforeClose();
    // A renewal sent before close could otherwise reach the database after the release and
    // hold the lease for another period (the next driver then waits for nothing).
    await this.renewal;
    if (!(this.failure instanceof LeaseLostError)) {
      await releaseLease(this.pool, this.lease.rollout, this.lease.epoch).catch(() => undefined);
    }
    await this.pool.end().catch(() => undefined);
  }
}
