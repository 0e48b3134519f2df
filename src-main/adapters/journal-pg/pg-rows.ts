/**
 * The statements of a team journal's append: one transaction inserting rows (then the
 * NOTIFY followers wake on), the check that a commit whose answer was lost did land, and
 * which errors mean "the server is unreachable" rather than "the append is wrong".
 */
import type pg from 'pg';
import { EVENTS_CHANNEL } from './schema';

export /** One row of ringside_events as this journal inserts it. */
interface Row {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly line: string;
  readonly type: string;
}

/** One transaction: every row (spilled ones first), then the NOTIFY (sent at commit). */
export async function insertRows(
  pool: pg.Pool,
  rollout: string,
  epoch: number,
  rows: readonly Row[],
): Promise<void> {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const r of rows) {
    const n = values.length;
    values.push(rollout, r.seq, r.prev, r.hash, r.line, r.type, epoch);
    tuples.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7})`);
  }
  const last = rows.at(-1)?.seq ?? 0;
  const client = await pool.connect();
  // The server going away between two statements must not become an uncaught error.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ${tuples.join(',')}`,
      values,
    );
    await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${rollout} ${last}`]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw e;
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}

/** True when every row is already stored with the same hash. */
export async function rowsStored(
  pool: pg.Pool,
  rollout: string,
  records: readonly Row[],
): Promise<boolean> {
  if (records.length === 0) {
    return false;
  }
  const seqs = records.map((r) => r.seq);
  const rows = await pool
    .query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM ringside_events WHERE rollout = $1 AND seq = ANY($2::bigint[])',
      [rollout, seqs],
    )
    .catch(() => null);
  if (rows === null || rows.rows.length !== records.length) {
    return false;
  }
  const stored = new Map(rows.rows.map((r) => [Number(r.seq), r.hash]));
  return records.every((r) => stored.get(r.seq) === r.hash);
}

/** Errors that say the server is gone or restarting, not that the append is wrong. */
export function isUnreachable(e: unknown): boolean {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: string; message?: string };
  const code = err.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENETDOWN',
      'EAI_AGAIN',
      '57P01',
      '57P02',
      '57P03',
    ].includes(code)
  ) {
    return true;
  }
  if (code.startsWith('08')) {
    return true;
  }
  // "…encountered a connection error and is not queryable": a client (pooled, or mid
  // transaction) whose connection already broke; "Client was closed" is ours, not the server's.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|encountered a connection error/i.test(
    err.message ?? '',
  );
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
}
