import type { RolloutCommand, Decision, RolloutState } from '../core/rollout';
import type { GateMonitor } from './gate-monitor';

/**
 * One evaluation round: asks the monitor about the watched gates and journals each reading
 * through decide (`recordGate`; a fail halts the ring in the core), then the monitor's
 * plain-language summary of a failed gate (`writeHaltSummary`). A reading identical to the
 * gate's current verdict and evidence is not journaled again.
 */
export async function gateRound(
  monitor: GateMonitor,
  watch: { readonly ring: string; readonly gates: readonly string[] },
  now: number,
  state: () => RolloutState,
  apply: (c: RolloutCommand) => Promise<Decision>,
): Promise<void> {
  const readings = await monitor.evaluate({
    state: state(),
    ring: watch.ring,
    gates: watch.gates,
    now,
  });
  for (const r of readings) {
    const s = state();
    const known =
      r.ring === null
        ? s.platformGates[r.gate]
        : s.rings.find((x) => x.name === r.ring)?.gates[r.gate];
    if (
      known?.outcome === r.outcome &&
      !r.final &&
      JSON.stringify(known.evidence) === JSON.stringify(r.evidence)
    ) {
      continue; // the same verdict on the same evidence: nothing new to journal
    }
    const d = await apply({
      type: 'recordGate',
      ring: r.ring,
      gate: r.gate,
      outcome: r.outcome,
      evidence: r.evidence,
      final: r.final ?? false,
      ...(r.outcome === 'fail' && r.summary !== undefined ? { summary: r.summary } : {}),
    });
    const ring = r.ring;
    if (d.ok && r.outcome === 'fail' && r.summary !== undefined && ring !== null) {
      if (state().rings.find((x) => x.name === ring)?.halt?.summary === undefined) {
        await apply({ type: 'writeHaltSummary', ring, summary: r.summary });
      }
    }
  }
}
