import type { GateView } from '../../src-main/core/contract';
import { gateOutcomeWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { formatClock } from './format';

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

/** The evidence of the open gate, or nothing. */
export function GateEvidencePanel() {
  const open = useAppStore((s) => s.openGate);
  const rings = useAppStore((s) => s.snapshot?.rings);
  const gate = rings?.find((r) => r.name === open?.ring)?.gates.find((g) => g.name === open?.gate);
  if (!open || !gate) {
    return null;
  }
  return (
    <section className="panel" aria-label={`Evidence for ${gate.name}`}>
      <h3>
        {open.ring} · {gate.name} ({gate.platform ? `platform ${gate.kind}` : gate.kind}){' '}
        <span className={`pill ${gate.outcome}`}>{gateOutcomeWords[gate.outcome]}</span>
      </h3>
      <p>{gate.evidence.summary}</p>
      <table>
        <tbody>
          {gate.evidence.figures.map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              <td>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {gate.evidence.evaluatedAt === null
          ? 'not evaluated yet'
          : `evaluated at ${formatClock(gate.evidence.evaluatedAt)}`}
      </p>
    </section>
  );
}
