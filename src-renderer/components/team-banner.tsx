import { useEffect } from 'react';
import { teamDriverWords, teamRoleWords, teamWatchersWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { closeTeamRollout, refreshTeamView } from '../store/team-actions';
import { formatClock } from './format';

/** How often the banner asks who drives and who watches (they change without events). */
const REFRESH_MS = 1_000;

/**
 * Above every view while a team rollout is open: whose rollout it is, who drives it, who
 * else watches, and who this console acts as; commands go to its driver.
 */
export function TeamRolloutBanner() {
  const view = useAppStore((s) => s.teamView);
  const shownId = useAppStore((s) => s.snapshot?.shown?.id ?? null);
  const open = view !== null && view.rollout === shownId;
  useEffect(() => {
    if (view === null) {
      return undefined;
    }
    const timer = setInterval(() => void refreshTeamView(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [view === null]);
  if (!open) {
    return null;
  }
  return (
    <div className="past-banner" role="status" aria-label="Team rollout">
      <strong>
        Team rollout {view.rollout}
        {view.readOnly ? ', read only' : ''}:
      </strong>
      <span>
        {view.release.name} {view.release.version} · started by {view.createdBy} ·{' '}
        <span data-testid="team-driver">
          {teamDriverWords(view.driver)}
          {view.driver !== null ? ` until ${formatClock(view.driver.until)}` : ''}
        </span>{' '}
        ·{' '}
        <span data-testid="team-watchers">
          {teamWatchersWords(view.watchers.map((w) => w.login))}
        </span>{' '}
        · <span data-testid="team-role">{teamRoleWords(view.login, view.role)}</span>
        {view.problem !== null ? ` · not following: ${view.problem}` : ''}
      </span>
      <span className="spacer" />
      <button type="button" onClick={() => void closeTeamRollout()}>
        Close team rollout
      </button>
    </div>
  );
}
