import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateGate } from '../../src-main/core/gates/evaluate';
import { detectAnomalies } from '../../src-main/core/gates/anomaly';
import { chooseLatencyThreshold, latencyInterval } from '../../src-main/core/gates/latency-counts';
import type { GateSpec, ObservedPoint } from '../../src-main/core/gates/gate-spec';
import { startSequential, updateSequential } from '../../src-main/core/stats/sequential';
import { gateSpecFromDoc } from '../../src-main/core/gates/from-doc';
import { toGateReading } from '../../src-main/core/gates/to-reading';

const NOW = 1_000_000;
const common = { minSamples: 100, platform: false } as const;
const threshold: GateSpec = {
  ...common,
  kind: 'threshold',
  name: 'errors',
  metric: 'error_rate',
  op: '<',
  limit: 0.01,
  windowMs: 60_000,
};
const baseline: GateSpec = {
  ...common,
  kind: 'baseline',
  name: 'vs-base',
  metric: 'error_rate',
  mode: 'ratio',
  tolerance: 0.5,
  windowMs: 60_000,
};
const sequential: GateSpec = {
  ...common,
  kind: 'sequential',
  name: 'seq',
  metric: 'error_rate',
  test: 'counts',
  alpha: 0.01,
  delta: 0.1,
};

/** One point per second for the last `seconds`, value v, n requests each. */
function series(v: number, n: number, seconds = 60, endMs = NOW): ObservedPoint[] {
  return Array.from({ length: seconds }, (_, i) => ({ t: endMs - (seconds - 1 - i) * 1000, v, n }));
}

describe('gate evaluation', () => {
  it('threshold: pass, fail, and fail-closed cases', () => {
    const win = (ring: ObservedPoint[], extra = {}) =>
      evaluateGate(threshold, { kind: 'window', ring, intervalMs: 1000, ...extra }, NOW);
    expect(win(series(0.005, 10)).outcome).toBe('pass');
    const fail = win(series(0.03, 10));
    expect(fail.outcome).toBe('fail');
    expect(fail.evidence).toMatchObject({ ringSamples: 600, threshold: 0.01 });
    expect(fail.evidence.ringValue).toBeCloseTo(0.03, 12);
    expect(win([]).outcome).toBe('inconclusive');
    expect(win([]).evidence.reason).toContain('no ring data');
    expect(win(series(0.005, 10, 10, NOW - 5000)).evidence.reason).toContain('stale');
    expect(win(series(0.005, 1)).outcome).toBe('inconclusive'); // 60 samples < 100
    expect(win(series(Number.NaN, 10)).outcome).toBe('inconclusive');
    expect(win(series(0.005, 10), { measuringSinceMs: NOW - 10_000 }).outcome).toBe('pending');
    expect(win(series(0.03, 10), { measuringSinceMs: NOW - 10_000 }).outcome).toBe('fail');
    expect(win(series(0.005, 10), { measuringSinceMs: NOW + 10_000 }).outcome).toBe('pending');
  });

  it('baseline: ratio and difference, missing baseline is inconclusive', () => {
    const obs = (ring: number, base: number | null) => ({
      kind: 'window' as const,
      ring: series(ring, 10),
      baseline: base === null ? [] : series(base, 100),
      intervalMs: 1000,
    });
    expect(evaluateGate(baseline, obs(0.006, 0.005), NOW).outcome).toBe('pass');
    const f = evaluateGate(baseline, obs(0.03, 0.005), NOW);
    expect(f.outcome).toBe('fail');
    expect(f.evidence.statistic).toBeCloseTo(6);
    expect(f.evidence.threshold).toBe(1.5);
    expect(evaluateGate(baseline, obs(0.03, null), NOW).outcome).toBe('inconclusive');
    const diff: GateSpec = { ...baseline, mode: 'difference', tolerance: 0.01 };
    expect(evaluateGate(diff, obs(0.012, 0.005), NOW).outcome).toBe('pass');
    expect(evaluateGate(diff, obs(0.02, 0.005), NOW).outcome).toBe('fail');
    expect(
      evaluateGate(
        baseline,
        { kind: 'sequential', state: startSequential({ alpha: 0.01, delta: 0 }), intervalMs: 1000 },
        NOW,
      ).outcome,
    ).toBe('inconclusive');
  });

  it('sequential: fail on rejection, pass with enough data, inconclusive otherwise', () => {
    let good = startSequential({ alpha: 0.01, delta: 0.1 });
    let bad = good;
    for (let i = 0; i < 30; i++) {
      good = updateSequential(good, {
        ringEvents: i % 2,
        ringExposure: 100,
        baselineEvents: 5,
        baselineExposure: 1000,
      });
      bad = updateSequential(bad, {
        ringEvents: 3,
        ringExposure: 100,
        baselineEvents: 5,
        baselineExposure: 1000,
      });
    }
    const ev = (state: typeof good, newestMs?: number, final = true) =>
      evaluateGate(
        sequential,
        { kind: 'sequential', state, intervalMs: 1000, newestMs, final },
        NOW,
      );
    expect(ev(good, NOW).outcome).toBe('pass');
    expect(ev(good, NOW, false).outcome).toBe('pending'); // during the bake: no regression yet
    expect(ev(bad, NOW, false).outcome).toBe('fail');
    expect(ev(bad, NOW).outcome).toBe('fail');
    expect(ev(bad, NOW).evidence.statistic).toBeGreaterThanOrEqual(100);
    expect(ev(bad).outcome).toBe('fail'); // a rejection stands
    expect(ev(good).outcome).toBe('inconclusive');
    expect(ev(startSequential({ alpha: 0.01, delta: 0.1 }), NOW).outcome).toBe('inconclusive');
    expect(ev(startSequential({ alpha: 0.01, delta: 0.1 }), NOW, false).outcome).toBe('pending');
  });

  it('property: no data, stale data or too few samples never pass', () => {
    const specs: GateSpec[] = [threshold, baseline];
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        fc.array(
          fc.record({
            t: fc.integer({ min: NOW - 200_000, max: NOW }),
            v: fc.double(),
            n: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 30 },
        ),
        (spec, ring) => {
          // At most 90 samples: below minSamples, so never pass whatever the values.
          const o = evaluateGate(
            spec,
            { kind: 'window', ring, baseline: ring, intervalMs: 1000 },
            NOW,
          );
          expect(o.outcome).not.toBe('pass');
        },
      ),
    );
  });
});

describe('anomalies and latency counts', () => {
  it('flags ungated metrics that doubled', () => {
    const found = detectAnomalies(
      [
        { metric: 'restarts', ring: series(4, 10), baseline: series(1, 100) },
        { metric: 'error_rate', ring: series(0.5, 10), baseline: series(0.01, 100) },
        { metric: 'cpu', ring: series(1.1, 10), baseline: series(1, 100) },
        { metric: 'thin', ring: series(9, 1), baseline: series(1, 100) },
      ],
      new Set(['error_rate']),
      { nowMs: NOW, windowMs: 60_000, intervalMs: 1000 },
    );
    expect(found.map((f) => f.metric)).toEqual(['restarts']);
    expect(found[0]?.ratio).toBe(4);
  });

  it('turns histogram deltas into slow-request counts at the baseline p99 bound', () => {
    const inf = Number.POSITIVE_INFINITY;
    const base = [
      { le: 0.1, count: 900 },
      { le: 0.25, count: 985 },
      { le: 0.5, count: 995 },
      { le: 1, count: 1000 },
      { le: inf, count: 1000 },
    ];
    const thr = chooseLatencyThreshold(base, 0.99);
    expect(thr).toBe(0.5);
    const ring = [
      { le: 0.1, count: 80 },
      { le: 0.25, count: 90 },
      { le: 0.5, count: 94 },
      { le: 1, count: 100 },
      { le: inf, count: 100 },
    ];
    expect(latencyInterval(ring, base, 0.5)).toEqual({
      ringEvents: 6,
      ringExposure: 100,
      baselineEvents: 5,
      baselineExposure: 1000,
    });
    expect(latencyInterval(ring.slice(0, 4), base, 0.5)).toBeUndefined();
  });
});

describe('plan gate documents', () => {
  it('resolve to specs with durations in ms and defaults', () => {
    expect(
      gateSpecFromDoc({ name: 's', metric: 'm', kind: 'sequential', test: 'latency' }),
    ).toEqual({
      ok: true,
      spec: {
        name: 's',
        metric: 'm',
        kind: 'sequential',
        test: 'latency',
        alpha: 0.01,
        delta: 0.1,
        minSamples: 100,
        platform: false,
      },
    });
    expect(
      gateSpecFromDoc({
        name: 't',
        metric: 'm',
        kind: 'threshold',
        op: '<',
        limit: 0.01,
        window: '2m',
        platform: true,
        minSamples: 5,
      }),
    ).toEqual({
      ok: true,
      spec: {
        name: 't',
        metric: 'm',
        kind: 'threshold',
        op: '<',
        limit: 0.01,
        windowMs: 120_000,
        platform: true,
        minSamples: 5,
      },
    });
    expect(
      gateSpecFromDoc({
        name: 'b',
        metric: 'm',
        kind: 'baseline',
        mode: 'ratio',
        tolerance: 0.2,
        window: '0s',
      }).ok,
    ).toBe(false);
  });
});

describe('journal form', () => {
  it('is JSON-safe and maps platform gates to ring null', () => {
    const e = evaluateGate(
      { ...baseline, platform: true },
      { kind: 'window', ring: series(0.01, 10), baseline: series(0, 100), intervalMs: 1000 },
      NOW,
    );
    const r = toGateReading(e, 'canary');
    expect(r.ring).toBeNull();
    expect(r.outcome).toBe('fail');
    expect(r.evidence['statistic']).toBe('Infinity');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
