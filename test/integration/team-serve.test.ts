/**
 * `ringside serve --team URL` against a real PostgreSQL 15: each bad start (not a URL, wrong
 * password, nothing listening, no schema, an unknown rollout) is one line and exit 2, before
 * any server starts; the password comes from libpq's conventions (PGPASSWORD, or the file
 * PGPASSFILE names) and never from a Ringside file.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { captureCliIo } from '../helpers/cli-io';
import { PG_TEST_PASSWORD } from '../helpers/postgres';
import { freePort } from '../helpers/prometheus';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-serve' });
const dir = rig.root;
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ringside</title>');

async function serveRefused(team: string, env: Record<string, string>): Promise<string[]> {
  const t = captureCliIo({ env });
  const code = await runCli(
    ['serve', '--demo', '--static', dir, '--journal', join(dir, 'journals'), '--team', team],
    t.io,
  );
  expect(t.out).toEqual([]);
  expect(code).toBe(2);
  return t.err;
}

describe('ringside serve --team', () => {
  it('refuses a bad team database in one line, exit 2', async () => {
    const db = await rig.pg.database();
    const where = new URL(db);
    const env = { ...rig.env };
    expect(await serveRefused('mysql://x/y', env)).toEqual([
      'ringside serve: --team: not a PostgreSQL URL: mysql://x/y (expected postgres://…)',
    ]);
    expect(await serveRefused(db, { PGPASSWORD: 'wrong' })).toEqual([
      `ringside serve: --team: PostgreSQL at 127.0.0.1:${where.port}${where.pathname}: password authentication failed for user "postgres" (the password comes from PGPASSWORD or ~/.pgpass)`,
    ]);
    const port = await freePort();
    expect(await serveRefused(`postgres://postgres@127.0.0.1:${port}/team`, env)).toEqual([
      `ringside serve: --team: PostgreSQL at 127.0.0.1:${port}/team: connection refused (is the server running and listening on 127.0.0.1:${port}?)`,
    ]);
    // The password from the file PGPASSFILE names (libpq's ~/.pgpass): it connects, and
    // finds no schema.
    const passfile = join(dir, 'pgpass');
    writeFileSync(passfile, `127.0.0.1:${where.port}:*:postgres:${PG_TEST_PASSWORD}\n`);
    chmodSync(passfile, 0o600);
    expect(await serveRefused(db, { PGPASSFILE: passfile })).toEqual([
      `ringside serve: --team: ${db}: no Ringside schema in this database; create it with: ringside team init ${db}`,
    ]);
  });

  it('refuses a rollout the team database does not have', async () => {
    const db = (await rig.teamDb({ schema: 'cli' })).url;
    expect(await serveRefused(`${db}?rollout=nope`, { ...rig.env })).toEqual([
      `ringside serve: openTeamRollout: no rollout named nope in ${db}`,
    ]);
  }, 120_000);
});
