/**
 * What the team console reads about a whole team database: every rollout with its head (last
 * seq and when it was written) and its lease, in one query; and who else watches a rollout,
 * from pg_stat_activity. PostgreSQL shows every role the `usename`, `application_name` and
 * `pid` of every session (only query text and client details are hidden from other roles),
 * so a viewer login sees the other consoles too; each follower names its rollout in its
 * application_name (follow.ts).
 */
import type { Queryable } from './lease';

/** One rollout of the team database, as the listing query reads it. */
export interface TeamRolloutHead {
  readonly rollout: string;
  /** The last record's seq. */
  readonly lastSeq: number;
  /** When the last record was written (the database's clock), ms since epoch. */
  readonly lastAt: number;
  /** The lease's holder while it is held and unexpired; null when nobody drives it. */
  readonly driver: {
    readonly holder: string;
    readonly machine: string;
    readonly login: string;
    /** ms since epoch. */
    readonly until: number;
  } | null;
}

interface HeadRow {
  rollout: string;
  last_seq: string;
  last_at: Date;
  holder: string | null;
  machine: string | null;
  db_user: string | null;
  expires_at: Date | null;
  live: boolean;
}

/** Every rollout with at least one record, with its head and its live lease (if any). */
export async function readTeamHeads(db: Queryable): Promise<TeamRolloutHead[]> {
  const r = await db.query<HeadRow>(
    `SELECT s.rollout, s.last_seq, s.last_at, l.holder, l.machine, l.db_user, l.expires_at,
            coalesce(NOT l.released AND l.expires_at > now(), false) AS live
       FROM (SELECT rollout, max(seq) AS last_seq, max(written_at) AS last_at
               FROM ringside_events GROUP BY rollout) s
       LEFT JOIN ringside_leases l USING (rollout)`,
  );
  return r.rows.map((row) => ({
    rollout: row.rollout,
    lastSeq: Number(row.last_seq),
    lastAt: row.last_at.getTime(),
    driver:
      row.live && row.expires_at !== null
        ? {
            holder: row.holder ?? '',
            machine: row.machine ?? '',
            login: row.db_user ?? '',
            until: row.expires_at.getTime(),
          }
        : null,
  }));
}

/** The application_name of a connection following `rollout` (follow.ts sets it). */
export function followerApplicationName(rollout: string): string {
  return `ringside follower ${rollout}`;
}

/** Another session following the same rollout. */
export interface TeamWatcher {
  /** The database login: the person. */
  readonly login: string;
  readonly pid: number;
  /** When that session connected, ms since epoch. */
  readonly since: number;
}

/**
 * The sessions of this database following `rollout`, except the session `ownPid` (this
 * console's own follower), oldest first.
 */
export async function readTeamWatchers(
  db: Queryable,
  rollout: string,
  ownPid: number,
): Promise<TeamWatcher[]> {
  const r = await db.query<{ usename: string | null; pid: number; backend_start: Date | null }>(
    `SELECT usename, pid, backend_start FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $1 AND pid <> $2
      ORDER BY backend_start, pid`,
    [followerApplicationName(rollout), ownPid],
  );
  return r.rows.map((row) => ({
    login: row.usename ?? '?',
    pid: row.pid,
    since: row.backend_start?.getTime() ?? 0,
  }));
}
