/**
 * What the database will let this login do in team mode, read from its role memberships so
 * the console can say it (and disable what would be refused) before anyone clicks. The
 * database stays the authority: this is a reading of its grants, never a check in their place.
 *
 * The grants (schema.ts ROLES, schema-v3.ts, schema-v4.ts): ringside_viewer reads;
 * ringside_operator is granted ringside_viewer and may insert commands; ringside_approver is
 * granted ringside_operator, and the event trigger accepts a PromotionApproved only from a
 * login with `pg_has_role(who, 'ringside_approver', 'USAGE')`. USAGE (not MEMBER) is what
 * counts: a NOINHERIT member has the membership but not the rights until it SETs ROLE, which
 * a console never does. Memberships are transitive, so an approver has operator and viewer too
 * as long as the grants between the roles are as init made them.
 */
import type { TeamRole } from '../../core/contract/team';
import type { Queryable } from './lease';

export type { TeamRole };

interface Row {
  viewer: boolean;
  operator: boolean;
  approver: boolean;
}

/**
 * The role of this connection's login (session_user, the person on every event and command):
 * an approval goes through the commands table too, so approving needs operator as well.
 */
export async function readTeamRole(db: Queryable): Promise<TeamRole> {
  const r = await db.query<Row>(
    `SELECT pg_has_role(session_user, 'ringside_viewer', 'USAGE') AS viewer,
            pg_has_role(session_user, 'ringside_operator', 'USAGE') AS operator,
            pg_has_role(session_user, 'ringside_approver', 'USAGE') AS approver`,
  );
  const row = r.rows[0];
  if (row === undefined) {
    return 'none';
  }
  if (row.operator && row.approver) {
    return 'approver';
  }
  if (row.operator) {
    return 'operator';
  }
  return row.viewer ? 'viewer' : 'none';
}
