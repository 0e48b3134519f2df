import { useState } from 'react';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { formatClock } from '../components/format';
import { teamNoLocalPlanWords } from '../../src-main/core/words';
import { setView } from '../store/actions';
import { useAppStore } from '../store/app-store';

/** The empty state: no workspace open yet. */
export function WorkspacePicker() {
  const recent = useAppStore((s) => s.recent);
  // A console with a team database (it listed the team's rollouts) may need no local plan.
  const team = useAppStore((s) => s.teamRollouts !== null);
  const [planPath, setPlanPath] = useState('');
  const open = (params: { demo: true } | { planPath: string }) =>
    void runCommand('Opening the workspace', () => getApi().openWorkspace(params));
  return (
    <section className="panel" aria-label="Open a workspace">
      <h2>No workspace open</h2>
      {team ? (
        <p role="status">
          {teamNoLocalPlanWords}{' '}
          <button type="button" onClick={() => setView('history')}>
            Team rollouts
          </button>
        </p>
      ) : null}
      <p className="muted">
        Open the demo (a simulated fleet with a good and a bad release) or a plan file.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => open({ demo: true })}>
          Open demo
        </button>
        <label htmlFor="plan-path">Plan file</label>
        <input
          id="plan-path"
          value={planPath}
          placeholder="/path/to/ringside.yaml"
          onChange={(e) => setPlanPath(e.target.value)}
        />
        <button
          type="button"
          disabled={planPath.trim() === ''}
          onClick={() => open({ planPath: planPath.trim() })}
        >
          Open plan
        </button>
      </div>
      {recent.length > 0 ? (
        <>
          <h3>Recent</h3>
          <ul>
            {recent.map((w) => (
              <li key={`${w.name}-${w.openedAt}`}>
                <button
                  type="button"
                  onClick={() =>
                    open(
                      w.source.kind === 'demo' ? { demo: true } : { planPath: w.source.planPath },
                    )
                  }
                >
                  {w.name}
                </button>{' '}
                <span className="muted">{formatClock(w.openedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
