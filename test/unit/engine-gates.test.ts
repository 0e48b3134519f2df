import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import type { RolloutEvent } from '../../src-main/core/rollout';
import type { GateMonitor, GateReading } from '../../src-main/runtime/gate-monitor';
import { engineRig, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

function journaled(r: EngineRig): RolloutEvent[] {
  return r.events.flatMap((e) => (e.type === 'journaled' ? e.events : []));
}

/** A monitor whose verdict a test chooses per call (the port, implemented for the test). */
function monitor(
  verdict: (ring: string | null, done: number) => GateReading['outcome'],
): GateMonitor & {
  calls: number;
} {
  const m = {
    calls: 0,
    evaluate: async (input: Parameters<GateMonitor['evaluate']>[0]) => {
      m.calls++;
      const ring = input.state.rings.find((r) => r.name === input.ring);
      return input.gates.map((gate) => {
        const outcome = verdict(input.ring, ring?.done ?? 0);
        return {
          gate,
          ring: input.ring,
          outcome,
          evidence: { ringErrors: outcome === 'fail' ? 0.3 : 0.01 },
          ...(outcome === 'fail' ? { summary: `gate ${gate} failed: errors 30% vs 1%` } : {}),
        };
      });
    },
    close: async () => {},
    drainAnomalies: () => [],
    watchesPlatform: false,
  };
  return m;
}

describe('rollout engine: gates', () => {
  it('passing gates let rings become healthy and auto-promote', async () => {
    const plan = buildPlan([
      { bakeMs: 100, gates: ['errors'], domains: [1] },
      { bakeMs: 100, gates: ['errors'], domains: [2] },
    ]);
    rig = await engineRig(plan);
    const m = monitor(() => 'pass');
    const engine = await rig.open({ gateMonitor: m });
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(m.calls).toBeGreaterThan(0);
    const promoted = journaled(rig).find((e) => e.type === 'Promoted');
    expect(promoted).toMatchObject({ ring: 'ring0', by: 'tester' });
    expect(promoted && 'override' in promoted).toBe(false);
  });

  it('with no monitor, gates are inconclusive and block auto-promotion (fail closed)', async () => {
    const plan = buildPlan([
      { bakeMs: 50, gates: ['errors'], domains: [1] },
      { bakeMs: 50, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open();
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'waiting-promotion', ring: 'ring0' });
    expect(outcome.kind === 'waiting-promotion' && outcome.why).toMatch(
      /gates not passing: errors \(inconclusive\)/,
    );
    expect(engine.state().rings[0]?.gates.errors?.evidence).toEqual({
      reason: 'no telemetry source wired',
    });
    expect(rig.execs('r1-d0-h0', 'appctl')).toEqual([]);
  });

  it('auto-promote gives gates still pending at bake end a few more readings, then fails closed', async () => {
    const plan = buildPlan([
      { bakeMs: 50, gates: ['errors'], domains: [1] },
      { bakeMs: 50, domains: [1] },
    ]);
    /** Readings taken after bake end: pending for the first two, then `late`. */
    const slowGates = (late: GateReading['outcome']) => {
      const m = {
        afterBake: 0,
        evaluate: async (input: Parameters<GateMonitor['evaluate']>[0]) => {
          const ring = input.state.rings.find((r) => r.name === input.ring);
          const ended = ring?.bakeEndsAt !== null && input.now >= (ring?.bakeEndsAt ?? Infinity);
          m.afterBake += ended ? 1 : 0;
          const outcome = ended && m.afterBake > 2 ? late : 'pending';
          return input.gates.map((gate) => ({ gate, ring: input.ring, outcome, evidence: {} }));
        },
        close: async () => {},
        drainAnomalies: () => [],
        watchesPlatform: false,
      };
      return m;
    };
    rig = await engineRig(plan);
    const passing = slowGates('pass');
    const engine = await rig.open({ gateMonitor: passing });
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(passing.afterBake).toBeGreaterThanOrEqual(3);
    await rig.stop();

    rig = await engineRig(plan);
    const undecided = slowGates('inconclusive');
    const blocked = await rig.open({ gateMonitor: undecided });
    const outcome = await blocked.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'waiting-promotion', ring: 'ring0' });
    expect(outcome.kind === 'waiting-promotion' && outcome.why).toMatch(/errors \(inconclusive\)/);
    expect(undecided.afterBake).toBeGreaterThanOrEqual(3);
  });

  it('a failing gate halts the ring with the monitor summary and rolls it back', async () => {
    const plan = buildPlan([
      { bakeMs: 5_000, gates: ['errors'], rollbackOnHalt: true, domains: [2] },
      { bakeMs: 50, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open({
      gateMonitor: monitor((_ring, done) => (done >= 2 ? 'fail' : 'pending')),
    });
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toEqual({ kind: 'rolled-back', rings: ['ring0'] });
    expect(engine.state().rings[0]?.halt).toMatchObject({
      reason: 'gate errors failed',
      gate: 'errors',
      summary: 'gate errors failed: errors 30% vs 1%',
    });
    for (const h of ['r0-d0-h0', 'r0-d0-h1']) {
      expect(rig.rehearsal.fleet.state(h)?.version).toBe('1.0.0');
    }
    expect(rig.execs('r1-d0-h0', 'appctl')).toEqual([]);
  });

  it('onHalt cancel: a halt stops the running steps of the ring', async () => {
    const plan = buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2, onHalt: 'cancel' });
    rig = await engineRig(plan);
    await rig.rehearsal.fleet.setFault('r0-d0-h0', { kind: 'command-hangs', pattern: 'install' });
    await rig.rehearsal.fleet.setFault('r0-d0-h1', { kind: 'command-fails', pattern: 'install' });
    const engine = await rig.open();
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'halted', ring: 'ring0' });
    const ends = rig.events.filter((e) => e.type === 'step-end');
    expect(ends.find((e) => e.host === 'r0-d0-h0')).toMatchObject({ ok: false });
    expect(JSON.stringify(ends)).toMatch(/cancelled after/);
  });
});
