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
import { EVENTS_CHANNEL, FENCE_ERRORS, IDENTITY_ERRORS } from './schema';

/** What the journal needs to know about the lease it writes under. */
export interface HeldLease {
  readonly rollout: string;
  readonly epoch: number;
  readonly leaseMs: number;
}

/** Thrown (as an append's rejection) once the lease is lost; its message is one line. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/**
 * The database refused an append on a rule of who may do what (identity, approvals,
 * rights): the command is refused, nothing of it was written. Its message is one line.
 */
export class DatabaseRefusal extends Error {
  override name = 'DatabaseRefusal';
}

interface Waiter<E extends JournalEvent> {
  readonly records: JournalRecord<E>[];
  readonly lines: string[];
  readonly resolve: (records: JournalRecord<E>[]) => void;
  readonly reject: (error: Error) => void;
}

/** Options of {@link PgJournal}. */
export interface PgJournalHooks {
  /** Called once when the lease is lost, with one line saying why. */
  readonly onLost: (why: string) => void;
  /** Heartbeat trouble that is not (yet) a loss: the database did not answer. */
  readonly warn: (line: string) => void;
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
    super(loaded);
    this.renewedAt = Date.now();
    // Three renewals per lease: one lost packet or a slow round trip does not lose it.
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, lease.leaseMs / 3));
    this.heartbeat.unref();
  }

  /** The lease epoch this journal writes under. */
  get epoch(): number {
    return this.lease.epoch;
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

  /** One transaction: every row of the batch, then the NOTIFY (sent at commit). */
  private async commit(batch: readonly Waiter<E>[]): Promise<void> {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const w of batch) {
      w.records.forEach((r, i) => {
        const n = values.length;
        values.push(
          this.lease.rollout,
          r.seq,
          r.prev,
          r.hash,
          w.lines[i],
          r.event.type,
          this.lease.epoch,
        );
        tuples.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7})`);
      });
    }
    const last = batch[batch.length - 1]?.records.at(-1)?.seq ?? 0;
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ${tuples.join(',')}`,
        values,
      );
      await client.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        `${this.lease.rollout} ${last}`,
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Commits the batch; while the database is unreachable, keeps it (and every append after
   * it: nothing becomes durable, so the engine starts no host) and retries until the lease
   * would have expired. A commit whose answer was lost is recognised by its rows' hashes.
   */
  private async commitOrWait(batch: readonly Waiter<E>[]): Promise<void> {
    let waitMs = 100;
    let said = false;
    for (;;) {
      try {
        if (
          said &&
          !(await renewLease(this.pool, this.lease.rollout, this.lease.epoch, this.lease.leaseMs))
        ) {
          this.lose('another driver took the lease over while the database was unreachable');
          throw this.failure ?? new LeaseLostError('lease lost');
        }
        if (said) {
          this.renewedAt = Date.now();
        }
        await this.commit(batch);
        if (said) {
          this.hooks.warn('the database answers again; appends go on');
        }
        return;
      } catch (e) {
        if (e instanceof LeaseLostError) {
          throw e;
        }
        const code = (e as { code?: string } | null)?.code;
        if (code === '23505' && (await this.alreadyCommitted(batch))) {
          return;
        }
        if (!isUnreachable(e) || Date.now() - this.renewedAt >= this.lease.leaseMs) {
          throw e;
        }
        if (!said) {
          said = true;
          this.hooks.warn(
            `the database is unreachable (${errorText(e)}); no host starts until it answers, retrying within the lease`,
          );
        }
        await new Promise((r) => setTimeout(r, waitMs));
        waitMs = Math.min(1_000, waitMs * 2);
      }
    }
  }

  /** True when every row of the batch is already stored with the same hash. */
  private async alreadyCommitted(batch: readonly Waiter<E>[]): Promise<boolean> {
    const records = batch.flatMap((w) => w.records);
    const seqs = records.map((r) => r.seq);
    const rows = await this.pool
      .query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM ringside_events WHERE rollout = $1 AND seq = ANY($2::bigint[])',
        [this.lease.rollout, seqs],
      )
      .catch(() => null);
    if (rows === null || rows.rows.length !== records.length) {
      return false;
    }
    const stored = new Map(rows.rows.map((r) => [Number(r.seq), r.hash]));
    return records.every((r) => stored.get(r.seq) === r.hash);
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
  private lose(why: string): void {
    if (this.failure instanceof LeaseLostError) {
      return;
    }
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
      // Past its expiry the lease may be anyone's: stop before the database says so.
      if (Date.now() - this.renewedAt >= this.lease.leaseMs) {
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
    // A renewal sent before close could otherwise reach the database after the release and
    // hold the lease for another period (the next driver then waits for nothing).
    await this.renewal;
    if (!(this.failure instanceof LeaseLostError)) {
      await releaseLease(this.pool, this.lease.rollout, this.lease.epoch).catch(() => undefined);
    }
    await this.pool.end().catch(() => undefined);
  }
}

/** Errors that say the server is gone or restarting, not that the append is wrong. */
function isUnreachable(e: unknown): boolean {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: string; message?: string };
  const code = err.code ?? '';
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code)
  ) {
    return true;
  }
  if (code.startsWith('08')) {
    return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
    err.message ?? '',
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
}
