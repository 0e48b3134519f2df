/**
 * Following a team rollout live: LISTEN on the channel every append notifies inside its
 * transaction (schema.ts), and on each notification read the records after the last one
 * seen, verified against the chain like every read. No polling loop: a follower wakes only
 * when a driver commits. Each follower has its own connection. A follower that charts also
 * LISTENs on the samples channel (schema-v4.ts) and hears of each batch of its rollout.
 */
import type pg from 'pg';
import type { EventParser, JournalEvent, JournalRecord } from '../journal/record';
import { connectTeam, describePgError } from './connect';
import { readRollout } from './read-rollout';
import { EVENTS_CHANNEL } from './schema';
import { SAMPLES_CHANNEL } from './schema-v4';
import { followerApplicationName } from './team-index';
import type { TeamUrl } from './url';

/** A live follow; `stop()` closes its connection. */
export interface Follow {
  /** The follower's own server process id (pg_stat_activity's pid), so lists of who else
   * watches can leave this one out. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Options of {@link followRollout}. */
export interface FollowOptions<E extends JournalEvent> {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly rollout: string;
  /** The last record already seen (seq 0 and the genesis hash for none). */
  readonly after: { readonly seq: number; readonly hash: string };
  readonly parseEvent: EventParser<E>;
  /** New records, in order, each verified. */
  readonly onRecords: (records: readonly JournalRecord<E>[]) => void;
  /** A batch of the rollout's samples was committed (null: this follower draws no charts). */
  readonly onSamples: (() => void) | null;
  /** The connection failed or a record did not verify: one line; the follow has stopped. */
  readonly onError: (line: string) => void;
}

/** Starts following; resolves once LISTEN is in place (or with the one-line failure). */
export async function followRollout<E extends JournalEvent>(
  url: TeamUrl,
  o: FollowOptions<E>,
): Promise<{ ok: true; follow: Follow } | { ok: false; message: string }> {
  const conn = await connectTeam(url, o.env, followerApplicationName(o.rollout));
  if (!conn.ok) {
    return { ok: false, message: conn.message };
  }
  const client: pg.Client = conn.client;
  let seq = o.after.seq;
  let hash = o.after.hash;
  let stopped = false;
  // Reads run one at a time; a notification during a read asks for one more after it.
  let reading: Promise<void> | null = null;
  let again = false;
  const fail = (line: string): void => {
    if (!stopped) {
      stopped = true;
      void client.end().catch(() => undefined);
      o.onError(line);
    }
  };
  const catchUp = async (): Promise<void> => {
    do {
      again = false;
      const read = await readRollout<E>(client, url, o.rollout, o.parseEvent, seq, hash);
      if (!read.ok) {
        fail(read.message);
        return;
      }
      const last = read.records.at(-1);
      if (last !== undefined) {
        seq = last.seq;
        hash = last.hash;
        o.onRecords(read.records);
      }
    } while (again && !stopped);
  };
  const wake = (): void => {
    if (stopped) {
      return;
    }
    if (reading !== null) {
      again = true;
      return;
    }
    reading = catchUp()
      .catch((e: unknown) => fail(describePgError(e, url)))
      .finally(() => {
        reading = null;
      });
  };
  client.on('notification', (n) => {
    if (n.channel === EVENTS_CHANNEL && n.payload?.startsWith(`${o.rollout} `) === true) {
      wake();
    } else if (n.channel === SAMPLES_CHANNEL && n.payload === o.rollout && !stopped) {
      o.onSamples?.();
    }
  });
  client.on('error', (e) => fail(describePgError(e, url)));
  client.on('end', () => fail(`PostgreSQL at ${url.where}: the connection closed`));
  let pid: number;
  try {
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    if (o.onSamples !== null) {
      await client.query(`LISTEN ${SAMPLES_CHANNEL}`);
    }
    const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    pid = r.rows[0]?.pid ?? 0;
  } catch (e) {
    await client.end().catch(() => undefined);
    return { ok: false, message: describePgError(e, url) };
  }
  // Records committed between the caller's read and LISTEN are not notified again.
  wake();
  return {
    ok: true,
    follow: {
      pid,
      stop: async () => {
        stopped = true;
        await reading;
        await client.end().catch(() => undefined);
      },
    },
  };
}
