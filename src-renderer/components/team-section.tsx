import { useEffect } from 'react';
import { teamDriverWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { openTeamRollout, refreshTeamRollouts } from '../store/team-actions';
import { formatClock } from './format';

/** How often the list is read again while it is on screen (drivers come and go). */
const REFRESH_MS = 3_000;

/** The team database's rollouts, live first, with who drives each; any opens in every view. */
export function TeamSection() {
  const rollouts = useAppStore((s) => s.teamRollouts);
  const problem = useAppStore((s) => s.teamProblem);
  useEffect(() => {
    void refreshTeamRollouts();
    const timer = setInterval(() => void refreshTeamRollouts(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="panel" aria-label="Team rollouts">
      <h2>Team rollouts</h2>
      {problem !== null ? <p className="muted">{problem}</p> : null}
      {rollouts !== null && rollouts.length === 0 ? (
        <p className="muted">No rollouts in the team database yet.</p>
      ) : null}
      {rollouts !== null && rollouts.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>rollout</th>
              <th>release</th>
              <th>status</th>
              <th>driver</th>
              <th>last event</th>
              <th>started by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rollouts.map((r) => (
              <tr key={r.rollout} aria-current={r.open ? 'true' : undefined}>
                <td>{r.rollout}</td>
                <td>
                  {r.release.name} {r.release.version}
                </td>
                <td>
                  <span className={`pill ${r.status}`}>{r.outcome}</span>
                </td>
                <td>
                  {teamDriverWords(r.driver)}
                  {r.driver !== null ? ` until ${formatClock(r.driver.until)}` : ''}
                </td>
                <td>{formatClock(r.lastEventAt)}</td>
                <td>{r.createdBy}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Open team rollout ${r.rollout}`}
                    onClick={() => void openTeamRollout(r.rollout)}
                  >
                    {r.open ? 'Shown' : r.driver !== null ? 'Watch live' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
