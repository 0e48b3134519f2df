/**
 * Reading a rollout's records back from the team database and verifying them with the file
 * journal's decoder: every row must be the next seq, name its predecessor's hash, and hash
 * to its own text. Read-only; takes no lease.
 */
import type pg from 'pg';
import {
  decodeRecord,
  GENESIS_HASH,
  parseAnyEvent,
  type EventParser,
  type JournalEvent,
  type JournalRecord,
} from '../journal/record';
import type { Queryable } from './lease';
import type { TeamUrl } from './url';

export type ReadRolloutResult<E extends JournalEvent> =
  | { readonly ok: true; readonly records: JournalRecord<E>[] }
  | { readonly ok: false; readonly message: string };

/** Rows fetched per round trip: memory stays bounded for long rollouts. */
const PAGE = 5_000;

/** Every record of `rollout` after `afterSeq` (whose hash is `afterHash`), verified, in order. */
export async function readRollout<E extends JournalEvent>(
  db: Queryable,
  url: TeamUrl,
  rollout: string,
  parseEvent: EventParser<E> = parseAnyEvent as EventParser<E>,
  afterSeq = 0,
  afterHash = GENESIS_HASH,
): Promise<ReadRolloutResult<E>> {
  const records: JournalRecord<E>[] = [];
  let seq = afterSeq;
  let hash = afterHash;
  for (;;) {
    const page: pg.QueryResult<{ record: string }> = await db.query(
      'SELECT record FROM ringside_events WHERE rollout = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [rollout, seq, PAGE],
    );
    for (const row of page.rows) {
      const decoded = decodeRecord(row.record, seq + 1, hash, parseEvent);
      if (typeof decoded === 'string') {
        return { ok: false, message: `${url.shown}: record ${seq + 1}: ${decoded}` };
      }
      records.push(decoded);
      seq = decoded.seq;
      hash = decoded.hash;
    }
    if (page.rows.length < PAGE) {
      return { ok: true, records };
    }
  }
}
