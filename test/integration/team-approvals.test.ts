/**
 * Two-person promotion and identity on a team journal, against a real PostgreSQL 15
 * (test/helpers/postgres.ts): the person on every event is the database login (never a
 * typed name), approving needs ringside_approver, the same login twice is refused, a
 * viewer's promote is refused by the database itself, and a modified client that writes
 * rows by hand meets the same rules in the database's trigger.
 */
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../src-main/adapters/journal/record';
import {
  IDENTITY_ERRORS,
  acquireLease,
  releaseLease,
  checkSchema,
  openPgJournal,
} from '../../src-main/adapters/journal-pg';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { runCliCaptured } from '../helpers/cli-io';
import { teamUrl as url } from '../helpers/postgres';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-approvals' });

/** A rollout whose canary (approvals: 2) has baked and waits, journaled by `login`. */
async function seedWaitingCanary(dbUrl: string, login: string): Promise<void> {
  const h = new Harness(Date.now() - 600_000);
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000, approvals: 2 },
      { name: 'broad', domains: [2], bakeMs: 0 },
    ]),
    by: login,
  });
  h.must({ type: 'start', by: login });
  h.settle();
  h.passGates();
  h.now = h.state.rings[0]?.bakeEndsAt ?? 0;
  h.must({ type: 'tick' });
  expect(h.state.status).toBe('waiting-promotion');
  const opened = await openPgJournal<RolloutEvent>(dbUrl, {
    env: rig.env,
    parseEvent: parseRolloutEvent,
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(h.journal);
  await opened.journal.close();
}

type Row = { seq: string; type: string; by: string | null; written_by: string };
async function rows(db: string): Promise<Row[]> {
  return rig.pg.sql<Row>(
    db,
    `SELECT seq, type, record::jsonb -> 'event' ->> 'by' AS by, written_by
       FROM ringside_events WHERE rollout = 'r' ORDER BY seq`,
  );
}

/** Appends `event` as the login of `asUrl` directly (a modified client); the SQLSTATE or null. */
async function forge(asUrl: string, event: RolloutEvent): Promise<string | null> {
  const opened = await openPgJournal<RolloutEvent>(asUrl, {
    env: rig.env,
    parseEvent: parseRolloutEvent,
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  try {
    await opened.journal.append([event]);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await opened.journal.close();
  }
}

describe('team journal: identity from the database login, two-person promotion', () => {
  it('alice approves, alice again is refused, the viewer and the operator cannot, bob approves and the ring is promoted', async () => {
    const team = await rig.teamDb({
      logins: {
        alice: ['ringside_approver'],
        bob: ['ringside_approver'],
        otto: ['ringside_operator'],
        vera: ['ringside_viewer'],
      },
    });
    const db = team.name;
    await seedWaitingCanary(team.journal('r'), 'postgres');
    const alice = team.journal('r', 'alice');
    const bob = team.journal('r', 'bob');
    const otto = team.journal('r', 'otto');
    const vera = team.journal('r', 'vera');
    const cli = (argv: string[]) => runCliCaptured(argv, { env: { ...rig.env, USER: 'mallory' } });

    // --by is refused on a team journal: the person is the login.
    const typed = await cli(['approve-promotion', alice, '--by', 'bob']);
    expect(typed).toMatchObject({ code: 2, out: [] });
    expect(typed.err).toEqual([
      "ringside approve-promotion: --by names the person on a local journal only; on a team journal (postgres://…) you are your database login (the URL's user, or PGUSER): drop --by",
    ]);

    const first = await cli(['approve-promotion', alice, '--ring', 'canary']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    const again = await cli(['approve-promotion', alice]);
    expect(again.code).toBe(2);
    expect(again.err).toEqual([
      expect.stringMatching(
        /^ringside approve-promotion: refused: alice already approved the promotion of ring canary \(alice at \d\d:\d\d:\d\d UTC\); the next approval must come from someone else$/,
      ),
    ]);
    // An operator may promote, but not approve, and promoting waits for the count.
    const ottoApproves = await cli(['approve-promotion', otto]);
    expect(ottoApproves.code).toBe(2);
    expect(ottoApproves.err).toEqual([
      expect.stringMatching(
        /^ringside approve-promotion: refused: the database refused it: rollout r: the database login "otto" may not approve promotions \(approving needs the role ringside_approver\)$/,
      ),
    ]);
    const ottoPromotes = await cli(['promote', otto]);
    expect(ottoPromotes.code).toBe(2);
    expect(ottoPromotes.err).toEqual([
      expect.stringMatching(
        /^ringside promote: refused: cannot promote ring canary: it needs 2 approvals, has 1 \(alice at \d\d:\d\d:\d\d UTC\); each approver runs: ringside approve-promotion JOURNAL$/,
      ),
    ]);
    // The viewer's promote and approval are refused by the database's grants.
    for (const verb of ['promote', 'approve-promotion']) {
      const viewer = await cli([verb, vera]);
      expect(viewer.code).toBe(2);
      expect(viewer.err).toEqual([
        expect.stringMatching(
          new RegExp(
            `^ringside ${verb}: PostgreSQL at 127\\.0\\.0\\.1:\\d+/${db}: permission denied for the database login vera \\(permission denied for table ringside_leases\\); .* approving a promotion ringside_approver, .*$`,
          ),
        ),
      ]);
    }

    const second = await cli(['approve-promotion', bob]);
    expect(second.err).toEqual([]);
    expect(second.code).toBe(0);
    const written = await rows(db);
    const tail = written.slice(-4).map((r) => [r.type, r.by, r.written_by]);
    expect(tail).toEqual([
      ['PromotionApproved', 'alice', 'alice'],
      ['PromotionApproved', 'bob', 'bob'],
      ['Promoted', 'bob', 'bob'],
      ['RingStarted', null, 'bob'],
    ]);
    // Every event that names a person names the login that wrote it (none is 'mallory').
    for (const r of written) {
      if (r.by !== null) {
        expect(r.by).toBe(r.written_by);
      }
    }
  });

  it('the database refuses what a modified client would write: another name, a second approval, a promotion short of its approvals, a lying type column', async () => {
    const team = await rig.teamDb({
      logins: { alice: ['ringside_approver'], bob: ['ringside_approver'] },
    });
    await seedWaitingCanary(team.journal('r'), 'postgres');
    const alice = team.journal('r', 'alice');
    const bob = team.journal('r', 'bob');
    const at = Date.now();
    const approval = (by: string): RolloutEvent => ({
      type: 'PromotionApproved',
      at,
      ring: 'canary',
      by,
      counted: 1,
      needed: 2,
    });
    expect(await forge(bob, approval('alice'))).toMatch(
      /the database refused it: rollout r: PromotionApproved by "alice" written by the database login "bob": the person recorded is the login$/,
    );
    expect(await forge(alice, approval('alice'))).toBeNull();
    expect(await forge(alice, approval('alice'))).toMatch(
      /the database login "alice" already approved the promotion of ring canary/,
    );
    const promoted: RolloutEvent = {
      type: 'Promoted',
      at,
      ring: 'canary',
      next: 'broad',
      by: 'ringside', // posing as the engine's automatic promotion
    };
    expect(await forge(bob, promoted)).toMatch(
      /rollout r: ring canary needs 2 approvals, has 1 \(distinct database logins\)/,
    );
    expect(await forge(bob, { type: 'OperatorNote', at, by: 'alice', text: 'I am alice' })).toMatch(
      /rollout r: OperatorNote by "alice" written by the database login "bob": the person recorded is the login$/,
    );
    // The type column is checked against the stored event, so no rule can be dodged by it:
    // a well-chained record under a live lease, whose row says OperatorNote.
    await rig.withClient(bob, async (c) => {
      const lease = await acquireLease(
        c,
        'r',
        { holder: 'bob', machine: 'm', pid: 1 },
        60_000,
        'free',
      );
      expect(lease.ok).toBe(true);
      const head = await c.query<{ seq: string; hash: string }>(
        "SELECT seq, hash FROM ringside_events WHERE rollout = 'r' ORDER BY seq DESC LIMIT 1",
      );
      const last = head.rows[0];
      const { record, line } = encodeRecord(
        Number(last?.seq) + 1,
        last?.hash ?? '',
        approval('bob'),
      );
      await expect(
        c.query(
          'INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ($1,$2,$3,$4,$5,$6,$7)',
          [
            'r',
            record.seq,
            record.prev,
            record.hash,
            line.slice(0, -1),
            'OperatorNote',
            lease.ok ? lease.lease.epoch : 0,
          ],
        ),
      ).rejects.toMatchObject({
        code: IDENTITY_ERRORS.typeMismatch,
        message: `rollout r: record ${record.seq} stores a PromotionApproved event in a row typed OperatorNote`,
      });
      await releaseLease(c, 'r', lease.ok ? lease.lease.epoch : 0);
    });
    expect(await forge(bob, approval('bob'))).toBeNull();
    expect(await forge(bob, promoted)).toBeNull();
    // The engine's own decisions keep its name, from any login's driver (written_by says whose).
    const paused: RolloutEvent = {
      type: 'Paused',
      at,
      by: 'ringside',
      reason: 'platform gate dns failed',
    };
    expect(await forge(bob, paused)).toBeNull();
    const last = (
      await rig.pg.sql<{ by: string; written_by: string }>(
        team.name,
        "SELECT record::jsonb -> 'event' ->> 'by' AS by, written_by FROM ringside_events WHERE rollout = 'r' ORDER BY seq DESC LIMIT 1",
      )
    )[0];
    expect(last).toEqual({ by: 'ringside', written_by: 'bob' });
  });

  it('team init migrates a version 1 schema, and a run refuses it until then', async () => {
    const { url: base, name: db } = await rig.databaseAtVersion(1);
    await rig.withClient(base, async (c) => {
      expect(await checkSchema(c, url(base).shown, url(base).databaseShown)).toMatch(
        /the Ringside schema is at version 1, this Ringside needs 4; migrate it with: ringside team init /,
      );
    });
    const r = await runCliCaptured(['team', 'init', base], { env: { ...rig.env } });
    expect(r.err).toEqual([]);
    expect(r.out.join('\n')).toContain('migrated the Ringside schema from version 1 to 4');
    const defaults = await rig.pg.sql<{ d: string }>(
      db,
      "SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'ringside_events' AND column_name = 'written_by'",
    );
    expect(defaults[0]?.d).toBe('SESSION_USER');
  });
});
