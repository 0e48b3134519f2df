/**
 * `ringside team init URL` creates or migrates the team database's schema and roles (a run
 * never does it implicitly); `ringside takeover URL --reason TEXT` takes a rollout's lease
 * from a live driver (fencing it out at once), journals who took it from whom and why, and
 * frees the lease for the next `ringside run`.
 */
import {
  connectTeam,
  describePgError,
  initSchema,
  leaseView,
  openPgJournal,
  parseTeamUrl,
  type LeaseRow,
  type TeamUrl,
} from '../adapters/journal-pg';
import { parseRolloutEvent, type RolloutEvent } from '../core/rollout';
import { takeoverNoteWords, teamByWords } from '../core/words';
import { Exit, UsageError, parseVerbArgs, type Verb } from './args';

const teamUsage = `Usage: ringside team init URL

Creates the Ringside schema in a PostgreSQL database (URL: postgres://[USER@]HOST[:PORT]/DB),
or migrates an older one, and the roles ringside_viewer (read), ringside_operator (drive a
rollout) and ringside_approver; grant them to people with GRANT ringside_operator TO alice.
Runs are never allowed to create or migrate the schema themselves. The password comes from
PGPASSWORD or ~/.pgpass (libpq's conventions); Ringside never writes or prints it.

Exit codes: 0 done, 2 bad input (URL, connection, rights, a newer schema).`;

const takeoverUsage = `Usage: ringside takeover URL --reason TEXT

Takes the lease of the rollout named by URL (postgres://HOST[:PORT]/DB?rollout=NAME) from the
driver holding it, even while that lease is live: the lease epoch goes up, so the database
refuses every further append of the old driver and it stops starting hosts. The takeover is
journaled (who, from whom, why), then the lease is freed: run the rollout again with
ringside run PLAN --journal URL, which verifies hosts in doubt as after a crash.

  --reason TEXT   why (journaled; required)

Who takes over is your database login (the URL's user, or PGUSER), as on every team command.

Exit codes: 0 taken over, 2 bad input.`;

function teamUrl(verb: string, text: string | undefined): TeamUrl {
  if (text === undefined) {
    throw new UsageError(
      `ringside ${verb}: expected a URL postgres://HOST[:PORT]/DB (see ringside ${verb} --help)`,
    );
  }
  const url = parseTeamUrl(text);
  if (typeof url === 'string') {
    throw new UsageError(`ringside ${verb}: ${url}`);
  }
  return url;
}

export const teamVerb: Verb = {
  name: 'team',
  summary: 'create or migrate a team database (PostgreSQL): ringside team init URL',
  usage: teamUsage,
  run: async (argv, io) => {
    const { positionals } = parseVerbArgs('team', argv, {});
    const [sub, text, ...extra] = positionals;
    if (sub !== 'init' || extra.length > 0) {
      throw new UsageError(`ringside team: expected 'init URL' (see ringside team --help)`);
    }
    const url = teamUrl('team init', text);
    const conn = await connectTeam(url, io.env, 'ringside team init');
    if (!conn.ok) {
      io.err(`ringside team init: ${conn.message}`);
      return Exit.badInput;
    }
    try {
      const r = await initSchema(conn.client, url.databaseShown);
      if (!r.ok) {
        io.err(`ringside team init: ${r.message}`);
        return Exit.badInput;
      }
      const what =
        r.from === 0
          ? `created the Ringside schema (version ${r.to})`
          : r.from === r.to
            ? `the Ringside schema is already at version ${r.to}`
            : `migrated the Ringside schema from version ${r.from} to ${r.to}`;
      io.out(
        `${what} in ${url.databaseShown}; roles ringside_viewer, ringside_operator, ringside_approver ready`,
      );
      io.out(
        `drive a rollout there: ringside run PLAN --journal '${url.databaseShown}?rollout=NAME'`,
      );
      return Exit.ok;
    } catch (e) {
      io.err(`ringside team init: ${describePgError(e, url)}`);
      return Exit.badInput;
    } finally {
      await conn.client.end().catch(() => undefined);
    }
  },
};

export const takeoverVerb: Verb = {
  name: 'takeover',
  summary: 'take a team rollout from its driver (journaled, with a reason)',
  usage: takeoverUsage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('takeover', argv, {
      reason: { type: 'string' },
      by: { type: 'string' },
    });
    const url = teamUrl('takeover', positionals[0]);
    if (url.rollout === null) {
      throw new UsageError(`ringside takeover: ${url.shown}: add ?rollout=NAME`);
    }
    const reason = values.reason?.trim() ?? '';
    if (reason === '') {
      throw new UsageError('ringside takeover: --reason TEXT is required (it is journaled)');
    }
    if (values.by !== undefined) {
      throw new UsageError(teamByWords('ringside takeover'));
    }
    let previous: LeaseRow | null = null;
    const opened = await openPgJournal<RolloutEvent>(positionals[0] ?? '', {
      env: io.env,
      takeover: true,
      parseEvent: parseRolloutEvent,
      onAcquired: (_lease, before) => {
        previous = before;
      },
    });
    if (!opened.ok) {
      io.err(`ringside takeover: ${opened.error.message}`);
      return Exit.badInput;
    }
    const journal = opened.journal;
    const by = journal.login;
    const from: LeaseRow | null = previous;
    try {
      const words = takeoverNoteWords(url.rollout, from === null ? null : leaseView(from), reason);
      if (journal.lastSeq === 0) {
        io.out(`rollout ${url.rollout} has no events yet; ${words}`);
        return Exit.ok;
      }
      const [note] = await journal.append([
        { type: 'OperatorNote', at: Date.now(), by, text: words },
      ]);
      io.out(`${words} (journaled as record ${note?.seq ?? '?'})`);
      io.out(`the lease is free: ringside run PLAN --journal '${url.shown}'`);
      return Exit.ok;
    } catch (e) {
      io.err(`ringside takeover: ${e instanceof Error ? e.message : String(e)}`);
      return Exit.badInput;
    } finally {
      await journal.close();
    }
  },
};
