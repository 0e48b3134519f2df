/**
 * The console's reading of a login's role (adapters/journal-pg/rights.ts) against a real
 * PostgreSQL 15 with the grants `team init` makes: viewer, operator, approver, a login with
 * no Ringside role, and a NOINHERIT member of ringside_operator (a member whose rights do not
 * apply until it SETs ROLE, which a console never does). The database is the oracle: the role
 * says "may send commands" exactly when the database accepts that login's command row.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectTeam, readTeamRole, type TeamRole } from '../../src-main/adapters/journal-pg';
import { initTeamSchema, teamUrl, usePostgres } from '../helpers/postgres';

const pg = usePostgres();

/** The role `url`'s login reads, and whether the database takes a command row from it. */
async function asLogin(url: string): Promise<{ role: TeamRole; commandAccepted: boolean }> {
  const c = await connectTeam(teamUrl(url), pg().env);
  if (!c.ok) {
    throw new Error(c.message);
  }
  try {
    const role = await readTeamRole(c.client);
    await c.client.query('BEGIN');
    const commandAccepted = await c.client
      .query(`INSERT INTO ringside_commands (id, rollout, command) VALUES ($1, 'live', '{}')`, [
        randomUUID(),
      ])
      .then(
        () => true,
        (e: { code?: string }) => {
          // Anything but "permission denied" would be a broken test, not an answer.
          expect(e.code).toBe('42501');
          return false;
        },
      );
    await c.client.query('ROLLBACK');
    return { role, commandAccepted };
  } finally {
    await c.client.end();
  }
}

describe('what a team login may do, read from its roles', () => {
  it('mirrors the grants: viewer watches, operator commands, approver approves too', async () => {
    const db = await pg().database();
    await initTeamSchema(db, pg().env);
    const logins: [string, string[]][] = [
      ['vera', ['ringside_viewer']],
      ['alice', ['ringside_operator']],
      ['otto', ['ringside_approver']],
      ['nobody', []],
      ['nina', ['ringside_operator']],
    ];
    const urls = new Map<string, string>();
    for (const [name, roles] of logins) {
      urls.set(name, await pg().login(db, name, roles));
    }
    await pg().sql(new URL(db).pathname.slice(1), 'ALTER ROLE nina NOINHERIT');
    const seen: Record<string, { role: TeamRole; commandAccepted: boolean }> = {};
    for (const [name] of logins) {
      seen[name] = await asLogin(urls.get(name) ?? '');
    }
    expect(seen).toEqual({
      vera: { role: 'viewer', commandAccepted: false },
      alice: { role: 'operator', commandAccepted: true },
      otto: { role: 'approver', commandAccepted: true },
      nobody: { role: 'none', commandAccepted: false },
      nina: { role: 'none', commandAccepted: false },
    });
  }, 60_000);
});
