/**
 * Read-only access to a team rollout, for `status`, `timeline` and `verify`: connect, check
 * the schema, read and verify every record, and read who holds the lease. Takes no lease.
 */
import {
  parseAnyEvent,
  type EventParser,
  type JournalEvent,
  type JournalRecord,
} from '../journal/record';
import { connectTeam, describePgError } from './connect';
import { readLease, type LeaseRow } from './lease';
import { readRollout } from './read-rollout';
import { checkSchema } from './schema';
import { parseTeamUrl, type TeamUrl } from './url';

export type LoadTeamResult<E extends JournalEvent> =
  | {
      readonly ok: true;
      readonly url: TeamUrl;
      readonly rollout: string;
      readonly records: JournalRecord<E>[];
      /** The rollout's lease, live or not; null when nobody ever drove it. */
      readonly lease: LeaseRow | null;
    }
  | { readonly ok: false; readonly message: string };

/** Loads the rollout named by `?rollout=` of `urlText`; one line on any failure. */
export async function loadTeamRollout<E extends JournalEvent = JournalEvent>(
  urlText: string,
  env: Readonly<Record<string, string | undefined>>,
  parseEvent: EventParser<E> = parseAnyEvent as EventParser<E>,
): Promise<LoadTeamResult<E>> {
  const url = parseTeamUrl(urlText);
  if (typeof url === 'string') {
    return { ok: false, message: url };
  }
  if (url.rollout === null) {
    return { ok: false, message: `${url.shown}: the URL names no rollout (add ?rollout=NAME)` };
  }
  const conn = await connectTeam(url, env, 'ringside reader');
  if (!conn.ok) {
    return { ok: false, message: conn.message };
  }
  try {
    const schema = await checkSchema(conn.client, url.shown, url.databaseShown);
    if (schema !== null) {
      return { ok: false, message: schema };
    }
    const read = await readRollout<E>(conn.client, url, url.rollout, parseEvent);
    if (!read.ok) {
      return { ok: false, message: read.message };
    }
    if (read.records.length === 0) {
      return {
        ok: false,
        message: `${url.shown}: no rollout named ${url.rollout} in this database`,
      };
    }
    const lease = await readLease(conn.client, url.rollout);
    return { ok: true, url, rollout: url.rollout, records: read.records, lease };
  } catch (e) {
    return { ok: false, message: describePgError(e, url) };
  } finally {
    await conn.client.end().catch(() => undefined);
  }
}
