import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import type { GateMonitor } from '../../src-main/runtime/gate-monitor';
import { engineRig, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** The port implemented for the test: every gate passes; remembers each call's status and time. */
function passingMonitor(): GateMonitor & { calls: { now: number; status: string }[] } {
  const m = {
    calls: [] as { now: number; status: string }[],
    evaluate: async (input: Parameters<GateMonitor['evaluate']>[0]) => {
      m.calls.push({ now: input.now, status: input.state.status });
      return input.gates.map((gate) => ({
        gate,
        ring: input.ring,
        outcome: 'pass' as const,
        evidence: { at: input.now },
      }));
    },
    close: async () => {},
    drainAnomalies: () => [],
    watchesPlatform: false,
  };
  return m;
}

describe('rollout engine: gates at bake end and while waiting', () => {
  it('until ring without auto-promote: one gate reading after bake end before returning', async () => {
    const plan = buildPlan([
      { bakeMs: 20, gates: ['errors'], domains: [1] },
      { bakeMs: 20, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const m = passingMonitor();
    const engine = await rig.open({ gateMonitor: m });
    const outcome = await engine.run({ until: 'ring', autoPromote: false });
    expect(outcome).toMatchObject({ kind: 'waiting-promotion', ring: 'ring0' });
    const bakeEndsAt = engine.state().rings[0]?.bakeEndsAt ?? Infinity;
    expect(m.calls.some((c) => c.now >= bakeEndsAt)).toBe(true);
  });

  it('watchWhileWaiting keeps gates watched at waiting-promotion and returns only when done', async () => {
    const plan = buildPlan([
      { bakeMs: 20, gates: ['errors'], domains: [1] },
      { bakeMs: 20, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const m = passingMonitor();
    const engine = await rig.open({ gateMonitor: m });
    let returned = false;
    const run = engine
      .run({ until: 'end', autoPromote: false, watchWhileWaiting: true })
      .finally(() => {
        returned = true;
      });
    // Wait (by polling the state, no timing asserted) for three readings while waiting.
    for (let i = 0; i < 600; i++) {
      if (m.calls.filter((c) => c.status === 'waiting-promotion').length >= 3) {
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(m.calls.filter((c) => c.status === 'waiting-promotion').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(returned).toBe(false);
    expect(await engine.promote('bob')).toEqual({ ok: true });
    expect(await run).toEqual({ kind: 'finished' });
  });
});
