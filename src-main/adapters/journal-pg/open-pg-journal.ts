/**
 * Opening a team journal for driving: connect, check the schema (never create it), take the
 * rollout's lease (or name who holds it) in the name of the database login (the person, in
 * team mode: never a name the client types), read and verify every record of the rollout with
 * the file journal's own decoder (same chain, same hashes), refuse another plan's rollout.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import { leaseHeldWords, spillNotReconciledWords, type LeaseView } from '../../core/words';
import type { OpenJournalResult } from '../journal/open-journal';
import { expectPlanHash, type PlanHostView } from '../journal/plan-identity';
import { type EventParser, type JournalEvent } from '../journal/record';
import { clientConfig, describePgError } from './connect';
import { acquireLease, type LeaseClaimant, type LeaseRow, type Queryable } from './lease';
import { PgJournal } from './pg-journal';
import { SpillFile } from './spill';
import { readRollout } from './read-rollout';
import { checkSchema } from './schema';
import { parseTeamUrl, type TeamUrl } from './url';

/** The default lease: long enough for a laptop's hiccup, short enough for a takeover. */
export const DEFAULT_LEASE_MS = 15_000;

/** Options of {@link openPgJournal}. */
export interface OpenPgJournalOptions<E extends JournalEvent> {
  /** Where PGPASSWORD, PGPASSFILE, PGUSER, HOME are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly leaseMs?: number;
  /** Wait for a live lease to expire instead of refusing at once. */
  readonly waitForLease?: boolean;
  readonly expectPlanHash?: string;
  readonly expectPlanHosts?: readonly PlanHostView[];
  readonly parseEvent?: EventParser<E>;
  /** Called once if the lease is lost while driving. */
  readonly onLeaseLost?: (line: string) => void;
  /** Heartbeat trouble and waiting notes. */
  readonly warn?: (line: string) => void;
  /** Told the lease this driver now holds, and the one it replaced (before records are read). */
  readonly onAcquired?: (lease: LeaseRow, previous: LeaseRow | null) => void;
  /** Take the lease even while it is live (`ringside takeover`); the holder is fenced out. */
  readonly takeover?: boolean;
  /**
   * Break-glass: the directory of spill files (`.ringside/spill` beside the driver), where
   * stopping the rollout is journaled while the database is unreachable (spill.ts). Without
   * it, appends are only held, and a lease not renewed in time ends the driver.
   */
  readonly spillDir?: string;
}

/** An open team journal (with its lease epoch and login), or why not. */
export type OpenPgJournalResult<E extends JournalEvent> =
  | { readonly ok: true; readonly journal: PgJournal<E>; readonly epoch: number }
  | Extract<OpenJournalResult<E>, { ok: false }>;

/** A lease row as the words in core/words take it. */
export function leaseView(l: LeaseRow): LeaseView {
  return { ...l, until: l.expiresAt.toISOString() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Opens the rollout named by `?rollout=` of `urlText` for appending, holding its lease. */
export async function openPgJournal<E extends JournalEvent = JournalEvent>(
  urlText: string,
  o: OpenPgJournalOptions<E>,
): Promise<OpenPgJournalResult<E>> {
  const url = parseTeamUrl(urlText);
  if (typeof url === 'string') {
    return { ok: false, error: { kind: 'io', message: url } };
  }
  if (url.rollout === null) {
    return {
      ok: false,
      error: {
        kind: 'io',
        message: `${url.shown}: the URL names no rollout (add ?rollout=NAME)`,
      },
    };
  }
  const rollout = url.rollout;
  const pool = new pg.Pool({ ...clientConfig(url, o.env, `ringside driver ${rollout}`), max: 3 });
  // A connection dropped while idle is replaced on the next query; never a crash.
  pool.on('error', () => undefined);
  const fail = async (message: string, kind: 'io' | 'locked' = 'io') => {
    await pool.end().catch(() => undefined);
    return kind === 'locked'
      ? { ok: false as const, error: { kind, message, holder: null } }
      : { ok: false as const, error: { kind, message } };
  };
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  let epoch: number;
  let previous: LeaseRow | null;
  let login: string;
  try {
    const schema = await checkSchema(pool, url.shown, url.databaseShown);
    if (schema !== null) {
      return await fail(schema);
    }
    login = await databaseLogin(pool);
    const me: LeaseClaimant = { holder: login, machine: hostname(), pid: process.pid };
    for (;;) {
      // A transaction needs one connection, not whichever the pool hands out per statement.
      const conn = await pool.connect();
      const mode = o.takeover === true ? 'take' : 'free';
      const got = await acquireLease(conn, rollout, me, leaseMs, mode).finally(() =>
        conn.release(),
      );
      if (got.ok) {
        o.onAcquired?.(got.lease, got.previous);
        epoch = got.lease.epoch;
        previous = got.previous;
        break;
      }
      const words = leaseHeldWords(leaseView(got.held), url.shown);
      if (o.waitForLease !== true) {
        return await fail(words, 'locked');
      }
      o.warn?.(`waiting: ${words}`);
      await sleep(Math.min(Math.max(got.held.remainingMs, 0) + 50, leaseMs));
    }
  } catch (e) {
    return fail(describePgError(e, url));
  }
  return loadAndWrap(url, rollout, pool, { epoch, leaseMs, previous, login }, o);
}

/**
 * Who this connection is: `session_user`, the role that authenticated (a `SET ROLE` changes
 * current_user, not this). The database checks every event's `by` against the same.
 */
export async function databaseLogin(client: Queryable): Promise<string> {
  const r = await client.query<{ login: string }>('SELECT session_user::text AS login');
  return r.rows[0]?.login ?? '';
}

async function loadAndWrap<E extends JournalEvent>(
  url: TeamUrl,
  rollout: string,
  pool: pg.Pool,
  lease: { epoch: number; leaseMs: number; previous: LeaseRow | null; login: string },
  o: OpenPgJournalOptions<E>,
): Promise<OpenPgJournalResult<E>> {
  const warnings: string[] = [];
  if (lease.previous !== null && lease.previous.remainingMs <= 0 && !lease.previous.released) {
    warnings.push(
      `took over rollout ${rollout} after the lease of ${lease.previous.holder} on ${lease.previous.machine} (pid ${lease.previous.pid}, epoch ${lease.previous.epoch}) expired`,
    );
  }
  let journal: PgJournal<E> | null = null;
  const giveUp = async (message: string, kind: 'io' | 'damaged' | 'plan-mismatch') => {
    // Nothing was written under this lease: end it at once for the next driver.
    await pool
      .query(
        'UPDATE ringside_leases SET expires_at = now(), released = true WHERE rollout = $1 AND epoch = $2',
        [rollout, lease.epoch],
      )
      .catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (kind === 'damaged') {
      return { ok: false as const, error: { kind, path: url.shown, line: 0, message } };
    }
    return kind === 'plan-mismatch'
      ? { ok: false as const, error: { kind, message, found: null } }
      : { ok: false as const, error: { kind, message } };
  };
  const spill = o.spillDir !== undefined ? new SpillFile(o.spillDir, rollout) : null;
  const earlier = spill?.read() ?? [];
  if (spill !== null && earlier.length > 0) {
    // Another epoch's spill is never appended under this one: a person decides what to redo.
    const aside = spill.setAside(new Date());
    warnings.push(
      spillNotReconciledWords(
        aside,
        earlier,
        `an earlier driver (lease epoch ${earlier[0]?.epoch ?? '?'}) could not reconcile its break-glass records`,
      ),
    );
  }
  try {
    const read = await readRollout<E>(pool, url, rollout, o.parseEvent);
    if (!read.ok) {
      return await giveUp(read.message, 'damaged');
    }
    if (o.expectPlanHash !== undefined) {
      const identity = expectPlanHash(read.records, o.expectPlanHash, url.shown, o.expectPlanHosts);
      if (!identity.ok) {
        return await giveUp(identity.message, 'plan-mismatch');
      }
    }
    journal = new PgJournal<E>(
      url.shown,
      pool,
      { rollout, epoch: lease.epoch, leaseMs: lease.leaseMs },
      lease.login,
      read.records,
      warnings,
      {
        onLost: (why) => o.onLeaseLost?.(why),
        warn: (line) => o.warn?.(line),
        spill,
      },
    );
    return { ok: true, journal, epoch: lease.epoch };
  } catch (e) {
    return giveUp(describePgError(e, url), 'io');
  }
}
