import type { GateView } from '../../src-main/core/contract';
import { gateOutcomeWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { GateTable } from './promote-dialog';
import { useNow } from './use-now';

/** A gate's outcome as a button; it opens the evidence the verdict rests on. */
export function GateBadge(props: { ring: string; gate: GateView }) {
  const open = useAppStore((s) => s.openGate);
  const isOpen = open?.ring === props.ring && open.gate === props.gate.name;
  return (
    <button
      type="button"
      className={`gate-badge ${props.gate.outcome}`}
      aria-expanded={isOpen}
      onClick={() =>
        useAppStore.setState({
          openGate: isOpen ? null : { ring: props.ring, gate: props.gate.name },
        })
      }
    >
      {props.gate.platform ? 'platform · ' : ''}
      {props.gate.name}: {gateOutcomeWords[props.gate.outcome]}
    </button>
  );
}

/**
 * The evidence of every gate of the ring whose badge was opened, side by side (like Kayenta's
 * metric table): ring vs baseline with units, samples, verdict, confidence, what each gate
 * says and how old its reading is. It closes when the rollout changes (see applySnapshot).
 */
export function GateEvidencePanel() {
  const open = useAppStore((s) => s.openGate);
  const ring = useAppStore((s) => s.snapshot?.rings.find((r) => r.name === open?.ring));
  const now = useNow();
  if (!open || !ring || ring.gates.length === 0) {
    return null;
  }
  return (
    <section className="panel" aria-label={`Evidence of ring ${ring.name}`}>
      <div className="row">
        <h3>Evidence of ring {ring.name}</h3>
        <span className="spacer" />
        <button type="button" onClick={() => useAppStore.setState({ openGate: null })}>
          Close
        </button>
      </div>
      <GateTable
        gates={ring.gates}
        caption={`Every gate of ${ring.name}, ring against baseline`}
        selected={open.gate}
        now={now}
      />
    </section>
  );
}
