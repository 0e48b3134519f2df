/**
 * The console's reading of a login's role (adapters/journal-pg/rights.ts) against a real
 * PostgreSQL 15 with the grants `team init` makes: viewer, operator, approver, a login with
 * no Ringside role, and a NOINHERIT member of ringside_operator (a member whose rights do not
 * apply until it SETs ROLE, which a console never does). The database is the oracle: the role
 * says "may send commands" exactly when the database accepts that login's command row.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTeamRole, type TeamRole } from '../../src-main/adapters/journal-pg';
import { useTeamRig, type TeamRoleName } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-roles' });

/** The role `url`'s login reads, and whether the database takes a command row from it. */
async function asLogin(url: string): Promise<{ role: TeamRole; commandAccepted: boolean }> {
  return rig.withClient(url, async (c) => {
    const role = await readTeamRole(c);
    await c.query('BEGIN');
    const commandAccepted = await c
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
    await c.query('ROLLBACK');
    return { role, commandAccepted };
  });
}

describe('what a team login may do, read from its roles', () => {
  it('mirrors the grants: viewer watches, operator commands, approver approves too', async () => {
    const logins: Record<string, TeamRoleName[]> = {
      vera: ['ringside_viewer'],
      alice: ['ringside_operator'],
      otto: ['ringside_approver'],
      nobody: [],
      nina: ['ringside_operator'],
    };
    const db = await rig.teamDb({ logins });
    await rig.pg.sql(db.name, 'ALTER ROLE nina NOINHERIT');
    const seen: Record<string, { role: TeamRole; commandAccepted: boolean }> = {};
    for (const name of Object.keys(logins)) {
      seen[name] = await asLogin(db.login[name] ?? '');
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
