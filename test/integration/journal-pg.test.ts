/**
 * The team journal against a real PostgreSQL 15 (private cluster, test/helpers/postgres.ts):
 * the schema is created only by team init, records and hash chain are the file journal's,
 * one driver per rollout (the lease names its holder), and the database itself refuses an
 * append under a stale lease epoch, a duplicate position, and an edit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import {
  acquireLease,
  readLease,
  releaseLease,
  renewLease,
  openPgJournal,
  readRollout,
  LeaseLostError,
} from '../../src-main/adapters/journal-pg';
import { initTeamSchema, PG_TEST_PASSWORD, teamUrl as url } from '../helpers/postgres';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'journal-pg' });

const env = () => ({ ...rig.env });
const events = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    type: 'OperatorNote',
    at: i,
    by: 'postgres', // the database login: team mode records no other name
    text: `n${from + i}`,
  }));

describe('team journal on PostgreSQL', () => {
  it('refuses a database without the schema, naming the command that creates it', async () => {
    const db = await rig.pg.database();
    const r = await openPgJournal(`${db}?rollout=r1`, { env: env() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toBe(
      `${db}?rollout=r1: no Ringside schema in this database; create it with: ringside team init ${db}`,
    );
  });

  it('refuses a newer schema and re-runs init on its own version as a no-op', async () => {
    const { url: db, name } = await rig.teamDb();
    // Again on its own version: a no-op.
    expect((await initTeamSchema(db, rig.env)).ok).toBe(true);
    await rig.pg.sql(name, 'UPDATE ringside_schema SET version = 7');
    const r = await openPgJournal(`${db}?rollout=r1`, { env: env() });
    expect(!r.ok && r.error.message).toMatch(
      /schema is at version 7, newer than this Ringside \(version 4\); upgrade Ringside$/,
    );
  });

  it('writes the same records and hash chain as the file journal', async () => {
    const db = (await rig.teamDb()).url;
    const opened = await openPgJournal(`${db}?rollout=same`, { env: env() });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    const a = await Promise.all([
      opened.journal.append(events(3)),
      opened.journal.append(events(2, 3)),
    ]);
    await opened.journal.close();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rs-filej-'));
    try {
      const file = await openJournal(dir);
      if (!file.ok) {
        throw new Error(file.error.message);
      }
      const b = [
        ...(await file.journal.append(events(3))),
        ...(await file.journal.append(events(2, 3))),
      ];
      await file.journal.close();
      expect(a.flat().map((r) => r.hash)).toEqual(b.map((r) => r.hash));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const back = await readRollout(await rig.connect(db), url(db), 'same');
    expect(back.ok && back.records.map((r) => r.hash)).toEqual(a.flat().map((r) => r.hash));
  });

  it('lets one driver hold a rollout and names it to the second', async () => {
    const db = (await rig.teamDb()).url;
    const first = await openPgJournal(`${db}?rollout=one`, {
      env: env(),
      leaseMs: 60_000,
    });
    expect(first.ok).toBe(true);
    const second = await openPgJournal(`${db}?rollout=one`, { env: env() });
    expect(second.ok).toBe(false);
    expect(!second.ok && second.error.kind).toBe('locked');
    expect(!second.ok && second.error.message).toMatch(
      new RegExp(
        `^rollout one is driven by postgres on ${os.hostname()} \\(pid ${process.pid}, lease epoch 1\\) until \\d{4}-.*; wait for it, run again with --wait, or take it over: ringside takeover '${db.replace(/[/.?]/g, '\\$&')}\\?rollout=one' --reason TEXT$`,
      ),
    );
    if (first.ok) {
      await first.journal.close();
    }
    // Closing releases the lease: the next driver need not wait for expiry.
    const third = await openPgJournal(`${db}?rollout=one`, { env: env() });
    expect(third.ok).toBe(true);
    if (third.ok) {
      await third.journal.close();
    }
  });

  it('refuses in the database an append under a lease epoch that was taken over', async () => {
    const db = (await rig.teamDb()).url;
    const lost: string[] = [];
    const a = await openPgJournal(`${db}?rollout=fence`, {
      env: env(),
      leaseMs: 60_000,
      onLeaseLost: (why) => lost.push(why),
    });
    if (!a.ok) {
      throw new Error(a.error.message);
    }
    await a.journal.append(events(2));
    const c = await rig.connect(db);
    try {
      const took = await acquireLease(
        c,
        'fence',
        { holder: 'bob', machine: 'm2', pid: 1 },
        60_000,
        'take',
      );
      expect(took.ok && took.lease.epoch).toBe(2);
      // The stale driver's next append is refused by the fence, not by a check in the client.
      await expect(a.journal.append(events(1, 2))).rejects.toThrow(LeaseLostError);
      expect(lost).toEqual(['the database refused an append: another driver holds a newer lease']);
      await expect(a.journal.append(events(1, 3))).rejects.toThrow(/lease epoch 1 lost/);
      // Straight SQL with the old epoch: the database says no.
      const [row] = await rig.pg.sql<{ record: string; seq: string; hash: string; prev: string }>(
        new URL(db).pathname.slice(1),
        "SELECT record, seq, hash, prev FROM ringside_events WHERE rollout = 'fence' ORDER BY seq DESC LIMIT 1",
      );
      await expect(
        c.query(
          "INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ('fence', 3, $1, 'x', 'x', 'OperatorNote', 1)",
          [row?.hash],
        ),
      ).rejects.toMatchObject({ code: 'RSL01' });
      // The current epoch cannot write a position that exists, nor edit or delete a row.
      await expect(
        c.query(
          "INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ('fence', 2, $1, $2, $3, 'OperatorNote', 2)",
          [row?.prev, row?.hash, row?.record],
        ),
      ).rejects.toMatchObject({ code: '23505' });
      await expect(
        c.query("DELETE FROM ringside_events WHERE rollout = 'fence'"),
      ).rejects.toMatchObject({ code: 'RSL05' });
      await expect(c.query("UPDATE ringside_events SET type = 'x'")).rejects.toMatchObject({
        code: 'RSL05',
      });
      const count = await c.query(
        "SELECT count(*)::int AS n FROM ringside_events WHERE rollout = 'fence'",
      );
      expect(count.rows[0]).toEqual({ n: 2 });
    } finally {
      await c.end();
      await a.journal.close();
    }
  });

  it('never renews a released lease: a renewal that lands after the release holds nothing', async () => {
    // The heartbeat's renewal runs on another pooled connection than close's release; in CI
    // one arrived after the release and held a finished run's lease for another period.
    const db = (await rig.teamDb()).url;
    const c = await rig.connect(db);
    try {
      const took = await acquireLease(
        c,
        'late',
        { holder: 'ann', machine: 'm', pid: 1 },
        60_000,
        'free',
      );
      expect(took.ok).toBe(true);
      const epoch = took.ok ? took.lease.epoch : 0;
      await releaseLease(c, 'late', epoch);
      expect(await renewLease(c, 'late', epoch, 60_000)).toBe(false);
      const lease = await readLease(c, 'late');
      expect(lease?.released).toBe(true);
      expect(lease?.remainingMs ?? 1).toBeLessThanOrEqual(0);
    } finally {
      await c.end();
    }
  });

  it('lets the roles team init creates do what they say: a viewer reads, the database refuses its writes', async () => {
    const { url: db, name } = await rig.teamDb();
    const pw = 'viewer-pw';
    await rig.pg.sql(name, `DROP ROLE IF EXISTS vera`).catch(() => undefined);
    await rig.pg.sql(name, `CREATE ROLE vera LOGIN PASSWORD '${pw}' IN ROLE ringside_viewer`);
    await rig.pg.sql(name, `DROP ROLE IF EXISTS otto`).catch(() => undefined);
    await rig.pg.sql(name, `CREATE ROLE otto LOGIN PASSWORD '${pw}' IN ROLE ringside_operator`);
    const asOtto = db.replace('postgres@', 'otto@');
    const otto = await openPgJournal(`${asOtto}?rollout=roles`, {
      env: { PGPASSWORD: pw },
    });
    if (!otto.ok) {
      throw new Error(otto.error.message);
    }
    await otto.journal.append(events(2).map((e) => ({ ...e, by: 'otto' })));
    await otto.journal.close();
    const asVera = db.replace('postgres@', 'vera@');
    const vera = await openPgJournal(`${asVera}?rollout=roles`, {
      env: { PGPASSWORD: pw },
    });
    expect(!vera.ok && vera.error.message).toMatch(
      /^PostgreSQL at 127\.0\.0\.1:\d+\/\w+: permission denied for the database login vera \(permission denied for table ringside_leases\); driving a rollout and its commands \(promote, pause, \.\.\.\) need the role ringside_operator, approving a promotion ringside_approver, reading ringside_viewer \(GRANT ringside_operator TO vera\)$/,
    );
    const c = await rig.connect(asVera, { PGPASSWORD: pw });
    try {
      const rows = await c.query(
        "SELECT count(*)::int AS n, min(written_by) AS who FROM ringside_events WHERE rollout = 'roles'",
      );
      expect(rows.rows[0]).toEqual({ n: 2, who: 'otto' });
      await expect(
        c.query(
          "INSERT INTO ringside_events (rollout, seq, prev, hash, record, type, epoch) VALUES ('roles', 3, 'x', 'x', 'x', 'x', 1)",
        ),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.end();
    }
  });

  it('says what is wrong in one line: wrong password, no database, server down', async () => {
    const db = await rig.pg.database();
    const where = `127.0.0.1:${rig.pg.port}`;
    const wrong = await openPgJournal(`${db}?rollout=x`, {
      env: { PGPASSWORD: 'nope' },
    });
    expect(!wrong.ok && wrong.error.message).toBe(
      `PostgreSQL at ${where}/${db.split('/').pop() ?? ''}: password authentication failed for user "postgres" (the password comes from PGPASSWORD or ~/.pgpass)`,
    );
    const none = await openPgJournal(
      `postgres://postgres:${PG_TEST_PASSWORD}@${where}/nosuch?rollout=x`,
      { env: {} },
    );
    expect(!none.ok && none.error.message).toBe(
      `PostgreSQL at ${where}/nosuch: database "nosuch" does not exist (create it: createdb -h 127.0.0.1 -p ${rig.pg.port} nosuch)`,
    );
    expect(JSON.stringify(none)).not.toContain(PG_TEST_PASSWORD);
    const down = await openPgJournal('postgres://postgres@127.0.0.1:1/db?rollout=x', {
      env: env(),
    });
    expect(!down.ok && down.error.message).toBe(
      'PostgreSQL at 127.0.0.1:1/db: connection refused (is the server running and listening on 127.0.0.1:1?)',
    );
  });
});
