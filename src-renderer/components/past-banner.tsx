import { rolloutStatusWords } from '../../src-main/core/words';
import { backToLive } from '../store/history-actions';
import { useAppStore } from '../store/app-store';
import { formatClock } from './format';

/** Says, above every view, that a past rollout is open read-only, with the way back. */
export function PastRolloutBanner() {
  const snapshot = useAppStore((s) => (s.liveSnapshot !== null ? s.snapshot : null));
  if (!snapshot?.shown?.readOnly) {
    return null;
  }
  const release = snapshot.workspace?.release;
  const started = snapshot.rollout.startedAt;
  return (
    <div className="past-banner" role="status" aria-label="Past rollout">
      <strong>Past rollout, read only:</strong>
      <span>
        {release ? `${release.name} ${release.version}` : snapshot.shown.id} ·{' '}
        {rolloutStatusWords[snapshot.rollout.status]}
        {started !== null
          ? ` · started ${new Date(started).toLocaleDateString()} ${formatClock(started)}`
          : ''}
      </span>
      <span className="spacer" />
      <button type="button" className="primary" onClick={backToLive}>
        Back to the live console
      </button>
    </div>
  );
}
