import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import type { RolloutEvent } from '../../src-main/core/rollout';
import type { AnomalyReading, GateMonitor, GateReading } from '../../src-main/runtime/gate-monitor';
import { engineRig, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

function journaled(r: EngineRig): RolloutEvent[] {
  return r.events.flatMap((e) => (e.type === 'journaled' ? e.events : []));
}

/**
 * The port implemented for the test: one platform gate read every call with the outcome the
 * test chooses, and one anomaly on the first call with a ring.
 */
function platformMonitor(platform: () => GateReading['outcome']): GateMonitor & {
  rings: (string | null)[];
} {
  let pending: AnomalyReading[] = [];
  let told = false;
  const m = {
    rings: [] as (string | null)[],
    watchesPlatform: true,
    evaluate: async (input: Parameters<GateMonitor['evaluate']>[0]) => {
      m.rings.push(input.ring);
      if (input.ring !== null && !told) {
        told = true;
        pending.push({ ring: input.ring, metric: 'p99', detail: 'p99 in ring0 is 3.0x baseline' });
      }
      const outcome = platform();
      return [{ gate: 'lb', ring: null, outcome, evidence: { up: outcome === 'pass' ? 1 : 0 } }];
    },
    drainAnomalies: () => {
      const out = pending;
      pending = [];
      return out;
    },
    close: async () => {},
  };
  return m;
}

describe('rollout engine: platform gates and anomalies', () => {
  it('reads platform gates although no ring has gates, and journals anomalies once', async () => {
    const plan = buildPlan([
      { bakeMs: 50, domains: [1] },
      { bakeMs: 50, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const m = platformMonitor(() => 'pass');
    const engine = await rig.open({ gateMonitor: m });
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(m.rings.length).toBeGreaterThan(0);
    const anomalies = journaled(rig).filter((e) => e.type === 'AnomalyDetected');
    expect(anomalies).toEqual([
      expect.objectContaining({
        ring: 'ring0',
        metric: 'p99',
        detail: 'p99 in ring0 is 3.0x baseline',
      }),
    ]);
    expect(engine.state().platformGates.lb?.outcome).toBe('pass');
  });

  it('an inconclusive platform gate holds auto-promotion (fail closed) and says why', async () => {
    const plan = buildPlan([
      { bakeMs: 50, domains: [1] },
      { bakeMs: 50, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open({ gateMonitor: platformMonitor(() => 'inconclusive') });
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'waiting-promotion', ring: 'ring0' });
    expect(outcome.kind === 'waiting-promotion' && outcome.why).toMatch(
      /platform gates not passing: lb \(inconclusive\)/,
    );
    expect(rig.execs('r1-d0-h0', 'appctl')).toEqual([]);
  });
});
