/**
 * Leases: one driver per rollout. A lease row names its holder (who, machine, pid), an
 * epoch that goes up by one at every acquisition, and an expiry the holder pushes forward
 * by heartbeat. Appends carry the epoch and the database refuses any other (schema.ts), so
 * whoever acquires the lease fences out every earlier holder at once. All times are the
 * database's, so drivers on machines with skewed clocks agree on who holds what.
 */
import type pg from 'pg';

/** A connection or a pool: anything that runs one statement. */
export type Queryable = pg.ClientBase | pg.Pool;

/** Who asks for a lease. */
export interface LeaseClaimant {
  readonly holder: string;
  readonly machine: string;
  readonly pid: number;
}

/** A lease row as read. */
export interface LeaseRow extends LeaseClaimant {
  readonly rollout: string;
  readonly epoch: number;
  readonly dbUser: string;
  /** Ended by its holder (a clean stop), not by expiry. */
  readonly released: boolean;
  /** When this holder acquired it (null before anyone did). */
  readonly acquiredAt: Date | null;
  readonly expiresAt: Date;
  /** ms left until expiry by the database's clock (negative once expired). */
  readonly remainingMs: number;
}

export type AcquireResult =
  | {
      readonly ok: true;
      readonly lease: LeaseRow;
      /** The lease this acquisition replaced (expired, or taken), null for a first lease. */
      readonly previous: LeaseRow | null;
    }
  | { readonly ok: false; readonly held: LeaseRow };

interface Row {
  rollout: string;
  epoch: string;
  holder: string;
  machine: string;
  pid: number;
  db_user: string;
  acquired_at: Date | null;
  released: boolean;
  expires_at: Date;
  remaining_ms: number;
}

const COLUMNS = `rollout, epoch, holder, machine, pid, db_user, acquired_at, released, expires_at,
  (extract(epoch FROM (expires_at - now())) * 1000)::float8 AS remaining_ms`;

function toLease(r: Row): LeaseRow {
  return {
    rollout: r.rollout,
    epoch: Number(r.epoch),
    holder: r.holder,
    machine: r.machine,
    pid: r.pid,
    dbUser: r.db_user,
    acquiredAt: r.acquired_at,
    released: r.released,
    expiresAt: r.expires_at,
    remainingMs: Number.isFinite(r.remaining_ms) ? r.remaining_ms : -1,
  };
}

/**
 * Acquires the lease of `rollout` for `me`, for `leaseMs`. `mode: 'free'` refuses a live
 * lease (returning its holder); `'take'` takes it anyway (an operator's takeover). Either
 * way the epoch goes up, so the previous holder cannot append once this commits.
 */
export async function acquireLease(
  client: pg.ClientBase,
  rollout: string,
  me: LeaseClaimant,
  leaseMs: number,
  mode: 'free' | 'take',
): Promise<AcquireResult> {
  await client.query('BEGIN');
  try {
    // The row exists before it is locked, so two first drivers serialise on it too.
    await client.query(
      'INSERT INTO ringside_leases (rollout) VALUES ($1) ON CONFLICT (rollout) DO NOTHING',
      [rollout],
    );
    const cur = await client.query<Row>(
      `SELECT ${COLUMNS} FROM ringside_leases WHERE rollout = $1 FOR UPDATE`,
      [rollout],
    );
    const row = cur.rows[0];
    const before = row !== undefined ? toLease(row) : null;
    if (before !== null && before.remainingMs > 0 && mode === 'free') {
      await client.query('ROLLBACK');
      return { ok: false, held: before };
    }
    const up = await client.query<Row>(
      `UPDATE ringside_leases SET epoch = epoch + 1, holder = $2, machine = $3, pid = $4,
         db_user = session_user, acquired_at = now(), renewed_at = now(), released = false,
         expires_at = now() + $5 * interval '1 millisecond'
       WHERE rollout = $1 RETURNING ${COLUMNS}`,
      [rollout, me.holder, me.machine, me.pid, leaseMs],
    );
    await client.query('COMMIT');
    const lease = up.rows[0];
    if (lease === undefined) {
      throw new Error(`lease row of rollout ${rollout} vanished`);
    }
    return {
      ok: true,
      lease: toLease(lease),
      previous: before !== null && before.epoch > 0 ? before : null,
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Pushes the expiry forward; false when `epoch` is no longer the rollout's lease. */
export async function renewLease(
  client: Queryable,
  rollout: string,
  epoch: number,
  leaseMs: number,
): Promise<boolean> {
  const r = await client.query(
    `UPDATE ringside_leases SET renewed_at = now(), expires_at = now() + $3 * interval '1 millisecond'
     WHERE rollout = $1 AND epoch = $2 AND NOT released`,
    [rollout, epoch, leaseMs],
  );
  return r.rowCount === 1;
}

/** Ends the lease now if `epoch` still holds it, so the next driver need not wait. */
export async function releaseLease(
  client: Queryable,
  rollout: string,
  epoch: number,
): Promise<void> {
  await client.query(
    'UPDATE ringside_leases SET expires_at = now(), released = true WHERE rollout = $1 AND epoch = $2',
    [rollout, epoch],
  );
}

/** The lease row of `rollout`, or null when nobody ever drove it. */
export async function readLease(client: Queryable, rollout: string): Promise<LeaseRow | null> {
  const r = await client.query<Row>(`SELECT ${COLUMNS} FROM ringside_leases WHERE rollout = $1`, [
    rollout,
  ]);
  const row = r.rows[0];
  return row !== undefined && Number(row.epoch) > 0 ? toLease(row) : null;
}
