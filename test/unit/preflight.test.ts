import { describe, expect, it } from 'vitest';
import type { GateSpec } from '../../src-main/core/gates/gate-spec';
import { planPreflight, preflightLines, type PreflightRing } from '../../src-main/core/preflight';

const seqCounts: GateSpec = {
  kind: 'sequential',
  name: 'errors',
  metric: 'error_rate',
  test: 'counts',
  alpha: 0.01,
  delta: 0.1,
  minSamples: 50,
  platform: false,
};
const seqLatency: GateSpec = { ...seqCounts, name: 'slow', metric: 'p99', test: 'latency' };
const ceiling: GateSpec = {
  kind: 'threshold',
  name: 'ceiling',
  metric: 'error_rate',
  op: '<',
  limit: 0.05,
  windowMs: 30_000,
  minSamples: 100,
  platform: false,
};

const traffic = { perHostRps: 20, errorRate: 0.005, hostsMeasured: 50, seconds: 2 };
const ring = (o: Partial<PreflightRing>): PreflightRing => ({
  name: 'canary',
  hosts: 10,
  bakeMs: 60_000,
  gates: [seqCounts, seqLatency],
  baselineCandidates: 990,
  ...o,
});
const opts = { baselineSample: 50, seed: 1, runs: 100 };

describe('pre-flight planner', () => {
  it('a bigger ring or a longer bake detects a smaller regression; figures are reproducible', () => {
    const [small, big, long] = planPreflight(
      [ring({}), ring({ name: 'early', hosts: 100 }), ring({ name: 'slow', bakeMs: 600_000 })],
      traffic,
      opts,
    );
    expect(small?.errors?.verdict).toBe('ok');
    const ratio = (r: typeof small): number =>
      r?.errors?.verdict === 'ok' ? r.errors.minRatio : Number.NaN;
    expect(ratio(big)).toBeLessThan(ratio(small));
    expect(ratio(long)).toBeLessThan(ratio(small));
    expect(ratio(small)).toBeGreaterThan(1.1); // never below the tolerated delta
    expect(small?.latency?.verdict).toBe('ok');
    expect(planPreflight([ring({})], traffic, opts)).toEqual([small]);
  });

  it('warns when a ring is too small or its bake too short to catch anything', () => {
    const [tiny] = planPreflight([ring({ hosts: 1, bakeMs: 5_000 })], traffic, opts);
    expect(tiny?.errors?.verdict).toBe('too-small');
    expect(tiny?.warnings.join('\n')).toMatch(
      /ring canary is too small or its bake too short for error-rate regressions/,
    );
    const lines = preflightLines([tiny!], traffic).join('\n');
    expect(lines).toContain('detects nothing reliably');
    expect(lines).toContain('    warning: ring canary is too small');
  });

  it('the last ring has no baseline; a ring without sequential gates says so', () => {
    const [last] = planPreflight([ring({ baselineCandidates: 0 })], traffic, opts);
    expect(last?.errors).toBeNull();
    expect(last?.warnings.join('\n')).toMatch(/has no baseline/);
    const [thresholdOnly] = planPreflight(
      [ring({ gates: [ceiling], baselineCandidates: 0 })],
      traffic,
      opts,
    );
    expect(thresholdOnly?.warnings.join('\n')).toMatch(/has no sequential gate/);
    expect(thresholdOnly?.warnings.join('\n')).not.toMatch(/has no baseline/);
  });
});
