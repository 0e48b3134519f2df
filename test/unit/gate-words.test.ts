import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateGate } from '../../src-main/core/gates/evaluate';
import type { GateSpec, GateVerdict, ObservedPoint } from '../../src-main/core/gates/gate-spec';
import { startSequential, updateSequential } from '../../src-main/core/stats/sequential';
import { applyBakePhases } from '../../src-main/runtime/telemetry/gate-phases';

const sequential: GateSpec = {
  kind: 'sequential',
  name: 'seq',
  metric: 'error_rate',
  test: 'counts',
  alpha: 0.01,
  delta: 0.1,
  minSamples: 100,
  platform: false,
};
const baseline: GateSpec = {
  kind: 'baseline',
  name: 'p99-vs-baseline',
  metric: 'p99',
  mode: 'ratio',
  tolerance: 1.5,
  windowMs: 30_000,
  minSamples: 5,
  platform: false,
};

function points(v: number, fromMs: number, toMs: number, n = 50): ObservedPoint[] {
  const out: ObservedPoint[] = [];
  for (let t = fromMs; t <= toMs; t += 1000) {
    out.push({ t, v, n });
  }
  return out;
}

describe('gate words mean one thing each', () => {
  it('a sequential gate says "no regression detected yet" during the bake and passes only at its end', () => {
    let state = startSequential({ alpha: 0.01, delta: 0.1 });
    const outcomes: GateVerdict[] = [];
    for (let i = 1; i <= 30; i++) {
      state = updateSequential(state, {
        ringEvents: i % 3 === 0 ? 2 : 0,
        ringExposure: 100,
        baselineEvents: i % 2 === 0 ? 1 : 0,
        baselineExposure: 200,
      });
      const e = evaluateGate(
        sequential,
        { kind: 'sequential', state, newestMs: i * 1000, intervalMs: 1000 },
        i * 1000,
      );
      outcomes.push(e.outcome);
      if (e.outcome === 'pending' && i > 1) {
        expect(e.evidence.reason).toMatch(/^no regression detected yet: /);
        expect(e.onTrack).toBe(true);
      }
    }
    // Before the bake ends, never "pass" (it was "pass" one second and "fail" the next).
    expect(outcomes).not.toContain('pass');
    expect(outcomes.at(-1)).toBe('pending');
    const end = evaluateGate(
      sequential,
      { kind: 'sequential', state, newestMs: 30_000, intervalMs: 1000, final: true },
      30_000,
    );
    expect(end.outcome).toBe('pass');
    expect(end.evidence.reason).toContain("at the bake's end");
  });

  it('a sequential gate with too little traffic is pending while collecting and inconclusive at the bake end', () => {
    const state = updateSequential(startSequential({ alpha: 0.01, delta: 0.1 }), {
      ringEvents: 0,
      ringExposure: 10,
      baselineEvents: 0,
      baselineExposure: 10,
    });
    const obs = { kind: 'sequential' as const, state, newestMs: 1000, intervalMs: 1000 };
    const during = evaluateGate(sequential, obs, 1000);
    expect(during.outcome).toBe('pending');
    expect(during.onTrack).toBe(false);
    expect(during.evidence.reason).toMatch(/^collecting evidence: /);
    expect(evaluateGate(sequential, { ...obs, final: true }, 1000).outcome).toBe('inconclusive');
  });

  it('a window gate never flips from inconclusive back to pending while its window fills (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }), // seconds before data starts flowing
        fc.integer({ min: 1, max: 8 }), // minSamples
        (gap, minSamples) => {
          const spec: GateSpec = { ...baseline, minSamples, windowMs: 20_000 };
          const since = 0;
          const seen: GateVerdict[] = [];
          for (let now = 0; now <= 40_000; now += 1000) {
            const ring = now >= gap * 1000 ? points(1, gap * 1000, now) : [];
            const base = points(1, 0, now);
            seen.push(
              evaluateGate(
                spec,
                { kind: 'window', ring, baseline: base, intervalMs: 1000, measuringSinceMs: since },
                now,
              ).outcome,
            );
          }
          const firstInconclusive = seen.indexOf('inconclusive');
          if (firstInconclusive >= 0) {
            expect(seen.slice(firstInconclusive)).not.toContain('pending');
          }
          expect(seen.at(-1)).toBe('pass');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a gate that runs out of healthyWithin says its window did not fill, not a ratio that passes', () => {
    // The reported plan: bake {wait: 4s, healthyWithin: 6s}, a 30 s window, healthy 2.4.0.
    const bakeStartedAt = 100_000;
    const now = bakeStartedAt + 10_000;
    const ring = points(1.069, now - 9000, now);
    const base = points(1, now - 30_000, now);
    const e = evaluateGate(
      baseline,
      { kind: 'window', ring, baseline: base, intervalMs: 1000, measuringSinceMs: now - 6000 },
      now,
    );
    expect(e.outcome).toBe('pending');
    const judged = applyBakePhases(
      baseline,
      e,
      bakeStartedAt,
      { waitMs: 4000, healthyWithinMs: 6000 },
      new Set(),
      now,
    );
    expect(judged.outcome).toBe('fail');
    expect(judged.evidence.reason).toMatch(
      /^not healthy within the bake's healthyWithin of 6 s: no verdict yet \(.*window 30 s not filled after 6 s\)$/,
    );
  });

  it('a sequential gate with enough evidence and no regression counts as healthy for healthyWithin', () => {
    let state = startSequential({ alpha: 0.01, delta: 0.1 });
    for (let i = 0; i < 5; i++) {
      state = updateSequential(state, {
        ringEvents: 1,
        ringExposure: 100,
        baselineEvents: 2,
        baselineExposure: 200,
      });
    }
    const healthy = new Set<string>();
    const at = (now: number) =>
      applyBakePhases(
        sequential,
        evaluateGate(
          sequential,
          { kind: 'sequential', state, newestMs: now, intervalMs: 1000 },
          now,
        ),
        0,
        { waitMs: 1000, healthyWithinMs: 3000 },
        healthy,
        now,
      );
    expect(at(2000).outcome).toBe('pending');
    expect(at(5000).outcome).toBe('pending'); // past healthyWithin, still no regression: not failed
  });
});
