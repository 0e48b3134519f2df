import { useEffect } from 'react';
import { formatDuration } from '../components/format';
import { StateMessage } from '../components/state-message';
import { openPastRollout, refreshRollouts } from '../store/history-actions';
import { useAppStore } from '../store/app-store';
import { TeamSection } from '../components/team-section';

const when = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Every rollout of the workspace (its journals), newest first: release, outcome, when,
 * how long. Open shows any of them read-only in every view (rollout, charts, timeline,
 * export); the live one is marked and opens the live console.
 */
export function HistoryView() {
  // With no local workspace (a team console without a plan) there are no local journals.
  const local = useAppStore((s) => {
    const kind = s.snapshot?.workspace?.source.kind;
    return kind === 'plan' || kind === 'demo';
  });
  return (
    <div>
      <TeamSection />
      {local ? <WorkspaceRollouts /> : null}
    </div>
  );
}

function WorkspaceRollouts() {
  const rollouts = useAppStore((s) => s.rollouts);
  const shown = useAppStore((s) => s.snapshot?.shown?.id ?? null);
  const liveStatus = useAppStore((s) => (s.liveSnapshot ?? s.snapshot)?.rollout.status);
  useEffect(() => {
    void refreshRollouts();
  }, [liveStatus]);
  if (rollouts === null) {
    return <StateMessage>Reading the journals…</StateMessage>;
  }
  if (rollouts.length === 0) {
    return <StateMessage>No rollouts yet: start one from the Rollout view.</StateMessage>;
  }
  return (
    <section className="panel" aria-label="Rollout history">
      <h2>Rollouts of this workspace</h2>
      <table>
        <thead>
          <tr>
            <th>release</th>
            <th>outcome</th>
            <th>started</th>
            <th>duration</th>
            <th>hosts</th>
            <th>started by</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rollouts.map((r) => (
            <tr key={r.id} aria-current={r.id === shown ? 'true' : undefined}>
              <td>
                {r.release.name} {r.release.version}
                <span className="muted"> (from {r.release.previous})</span>
              </td>
              <td>
                <span className={`pill ${r.status}`}>{r.outcome}</span>
                {r.live ? ' · live' : ''}
              </td>
              <td>{when.format(r.startedAt)}</td>
              <td>
                {formatDuration(r.durationMs)}
                {r.endedAt === null ? ' so far' : ''}
              </td>
              <td>{r.hosts}</td>
              <td>{r.by}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Open ${r.release.version} started ${when.format(r.startedAt)}`}
                  onClick={() => void openPastRollout(r.id)}
                >
                  {r.id === shown ? 'Shown' : r.live ? 'Open live' : 'Open'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
