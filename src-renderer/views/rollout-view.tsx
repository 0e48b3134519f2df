import { ActionBar } from '../components/action-bar';
import { formatClock } from '../components/format';
import { HaltSummaryPanel } from '../components/halt-summary';
import { GateEvidencePanel } from '../components/gate-badge';
import { RingStepper } from '../components/ring-stepper';
import { StateMessage } from '../components/state-message';
import { rolloutStatusWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { WorkspacePicker } from './workspace-picker';

/** Halt summary first (it is what on-call needs), then rings, actions, evidence. */
export function RolloutView() {
  const workspace = useAppStore((s) => s.snapshot?.workspace);
  const rollout = useAppStore((s) => s.snapshot?.rollout);
  if (!workspace || !rollout) {
    return <WorkspacePicker />;
  }
  return (
    <div>
      <HaltSummaryPanel />
      <section className="panel" aria-label="Release">
        <div className="row">
          <strong>
            {workspace.release.name} {workspace.release.previous} → {workspace.release.version}
          </strong>
          {workspace.release.digest !== undefined ? (
            <code className="muted" title="the pinned content digest every ring deploys">
              {workspace.release.digest}
            </code>
          ) : null}
          <span className={`pill ${rollout.status}`}>{rolloutStatusWords[rollout.status]}</span>
          {rollout.activeRing ? <span>active ring: {rollout.activeRing}</span> : null}
          {rollout.eta !== null ? (
            <span className="muted">ETA {formatClock(rollout.eta)}</span>
          ) : null}
        </div>
      </section>
      <RingStepper />
      {rollout.status === 'notStarted' ? (
        <StateMessage>Not started yet: Start deploys the canary ring first.</StateMessage>
      ) : null}
      <ActionBar />
      <GateEvidencePanel />
    </div>
  );
}
