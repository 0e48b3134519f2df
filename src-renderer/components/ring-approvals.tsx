import { useId, useState } from 'react';
import type { RingView } from '../../src-main/core/contract';
import { approvalWords, teamRoleRefusalWords } from '../../src-main/core/words';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { useTeamRole } from '../store/team-role';

/**
 * A ring whose plan asks for approvals: who approved and when, what its promotion still
 * waits for ("waiting for 1 more approval"), and the operator's own Approve button. The
 * core refuses a second approval by the same person, with the sentence shown like any
 * refused command. On a team rollout a login that may not approve sees the button disabled,
 * with why.
 */
export function RingApprovals(props: {
  ring: string;
  approvals: NonNullable<RingView['approvals']>;
}) {
  const { ring, approvals } = props;
  // While the ring bakes (or a gate has not passed) an approval needs a written reason.
  const [reason, setReason] = useState('');
  const team = useTeamRole();
  const whyId = useId();
  const refused = team === null ? null : teamRoleRefusalWords(team.login, team.role, 'approve');
  return (
    <div className="ring-approvals" aria-label={`Approvals of ${ring}`}>
      <div>
        Approvals {approvals.by.length} of {approvals.needed}
        {approvals.waiting !== null ? ` · ${approvals.waiting}` : ''}
      </div>
      {approvals.by.length > 0 ? (
        <ul className="muted">
          {approvals.by.map((a) => (
            <li key={a.by}>{approvalWords(a)}</li>
          ))}
        </ul>
      ) : null}
      {approvals.waiting !== null ? (
        <div className="row">
          <label>
            Override reason (needed before the bake ends or gates pass){' '}
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            disabled={refused !== null}
            title={refused ?? undefined}
            aria-describedby={refused !== null ? whyId : undefined}
            onClick={() =>
              void runCommand('approve promotion', () =>
                getApi().approvePromotion(
                  reason.trim() !== '' ? { ring, override: { reason: reason.trim() } } : { ring },
                ),
              )
            }
          >
            Approve promotion
          </button>
          {refused !== null ? (
            <span className="why" id={whyId}>
              {refused}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
