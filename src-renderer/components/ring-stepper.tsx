import type { RingView } from '../../src-main/core/contract';
import { hostStates } from '../../src-main/core/contract';
import { hostCountsLine, hostStateBarOrder, ringWord } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { formatClock, formatDuration, percent } from './format';
import { GateBadge } from './gate-badge';
import { RingApprovals } from './ring-approvals';
import { useNow } from './use-now';

function RingCard(props: { ring: RingView; active: boolean; now: number }) {
  const { ring, now } = props;
  const total = hostStates.reduce((n, s) => n + ring.counts[s], 0);
  // Hosts some step has reached (updated, rolled back, failed...): what the bar fills.
  const reached = total - ring.counts.pending;
  return (
    <li
      className={`ring-card${props.active ? ' active' : ''}`}
      aria-current={props.active ? 'step' : undefined}
    >
      <header>
        <strong>{ring.name}</strong>
        <span className={`pill ${ring.status}${ring.override ? ' override' : ''}`}>
          {ringWord(ring.status, ring.override !== null)}
        </span>
      </header>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${ring.name} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent(reached, total)}
      >
        {hostStateBarOrder.map((s) =>
          ring.counts[s] > 0 ? (
            <span
              key={s}
              style={{ width: `${(ring.counts[s] / total) * 100}%`, background: `var(--st-${s})` }}
            />
          ) : null,
        )}
      </div>
      <div className="muted">
        {hostCountsLine(ring.counts)} · {ring.domains.length} update domains
      </div>
      {ring.bake ? (
        <div>
          Bake:{' '}
          {now < ring.bake.endsAt ? `${formatDuration(ring.bake.endsAt - now)} left` : 'complete'}
        </div>
      ) : null}
      {ring.override ? (
        <div className="override-note" role="note">
          Override by {ring.override.by}: {ring.override.reason}
        </div>
      ) : null}
      {ring.approvals ? <RingApprovals ring={ring.name} approvals={ring.approvals} /> : null}
      {ring.eta !== null ? <div className="muted">ETA {formatClock(ring.eta)}</div> : null}
      <div className="gates">
        {ring.gates.map((g) => (
          <GateBadge key={g.name} ring={ring.name} gate={g} />
        ))}
      </div>
    </li>
  );
}

/** Rings in order, canary first, each with progress, bake countdown, ETA and gates. */
export function RingStepper() {
  const rings = useAppStore((s) => s.snapshot?.rings);
  const active = useAppStore((s) => s.snapshot?.rollout.activeRing);
  const now = useNow();
  if (!rings || rings.length === 0) {
    return null;
  }
  return (
    <ol className="ring-stepper" aria-label="Rings">
      {rings.map((r) => (
        <RingCard key={r.name} ring={r} active={r.name === active} now={now} />
      ))}
    </ol>
  );
}
