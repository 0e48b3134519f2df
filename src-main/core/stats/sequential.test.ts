import { describe, expect, it } from 'vitest';
import { mulberry32, poisson, type Uniform } from './prng';
import {
  eValue,
  isRejected,
  startSequential,
  updateSequential,
  type SequentialState,
} from './sequential';

/** Traffic that swings ±50% over the run, so exposures really vary per interval. */
function exposures(step: number): { ring: number; base: number } {
  const swing = 1 + 0.5 * Math.sin(step / 15);
  return { ring: 100 * swing, base: 1000 * swing };
}

/** One monitored bake: returns the interval of rejection, or undefined. */
function runSequential(
  u: Uniform,
  steps: number,
  ringRate: number,
  baseRate: number,
  alpha: number,
  delta: number,
): number | undefined {
  let st: SequentialState = startSequential({ alpha, delta });
  for (let i = 0; i < steps; i++) {
    const { ring, base } = exposures(i);
    st = updateSequential(st, {
      ringEvents: poisson(u, ring * ringRate),
      ringExposure: ring,
      baselineEvents: poisson(u, base * baseRate),
      baselineExposure: base,
    });
    if (isRejected(st)) {
      return i + 1;
    }
  }
  return undefined;
}

/** The naive judge: a one-sided two-proportion z-test on cumulative counts at every step. */
function runRepeatedZTest(u: Uniform, steps: number, rate: number, zCrit: number): boolean {
  let x = 0;
  let a = 0;
  let y = 0;
  let b = 0;
  for (let i = 0; i < steps; i++) {
    const e = exposures(i);
    x += poisson(u, e.ring * rate);
    y += poisson(u, e.base * rate);
    a += e.ring;
    b += e.base;
    const p = (x + y) / (a + b);
    const se = Math.sqrt(p * (1 - p) * (1 / a + 1 / b));
    if (se > 0 && (x / a - y / b) / se > zCrit) {
      return true;
    }
  }
  return false;
}

describe('anytime-valid sequential count test', () => {
  const RUNS = 1000;
  const STEPS = 300;

  it('A/A under H0, monitored every interval: false rejections stay within alpha', () => {
    const u = mulberry32(42);
    let falseRejections = 0;
    for (let r = 0; r < RUNS; r++) {
      // delta = 0 puts the truth exactly on the null boundary: the hardest case.
      if (runSequential(u, STEPS, 0.005, 0.005, 0.05, 0) !== undefined) {
        falseRejections++;
      }
    }
    const rate = falseRejections / RUNS;
    console.log(`A/A sequential alpha=0.05: ${falseRejections}/${RUNS} false rejections (${rate})`);
    // alpha plus three binomial standard deviations of slack.
    expect(rate).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / RUNS));
  });

  it('A/A at the default alpha 0.01 with the default delta 0.1', () => {
    const u = mulberry32(4242);
    let falseRejections = 0;
    for (let r = 0; r < RUNS; r++) {
      if (runSequential(u, STEPS, 0.005, 0.005, 0.01, 0.1) !== undefined) {
        falseRejections++;
      }
    }
    console.log(`A/A sequential alpha=0.01 delta=0.1: ${falseRejections}/${RUNS} false rejections`);
    expect(falseRejections / RUNS).toBeLessThanOrEqual(0.01 + 3 * Math.sqrt((0.01 * 0.99) / RUNS));
  });

  it('counter-demonstration: a z-test repeated every interval blows through alpha', () => {
    const u = mulberry32(7);
    let falseRejections = 0;
    for (let r = 0; r < RUNS; r++) {
      if (runRepeatedZTest(u, STEPS, 0.005, 1.645)) {
        falseRejections++;
      }
    }
    const rate = falseRejections / RUNS;
    console.log(
      `A/A repeated z-test alpha=0.05: ${falseRejections}/${RUNS} false rejections (${rate})`,
    );
    expect(rate).toBeGreaterThan(0.15);
  });

  it('detects 3% vs 0.5% errors within seconds (alpha 0.01, delta 0.1)', () => {
    const u = mulberry32(3);
    const times: number[] = [];
    for (let r = 0; r < 200; r++) {
      const t = runSequential(u, STEPS, 0.03, 0.005, 0.01, 0.1);
      expect(t).toBeDefined();
      times.push(t ?? STEPS);
    }
    times.sort((p, q) => p - q);
    const median = times[100] ?? 0;
    const p95 = times[190] ?? 0;
    console.log(
      `3% vs 0.5% (ring ~100 req/s): median ${median} intervals, p95 ${p95}, max ${times[199]}`,
    );
    expect(p95).toBeLessThanOrEqual(30);
  });

  it('a ring better than baseline never rejects and the e-value shrinks', () => {
    const u = mulberry32(5);
    let st = startSequential({ alpha: 0.01, delta: 0.1 });
    for (let i = 0; i < 200; i++) {
      st = updateSequential(st, {
        ringEvents: poisson(u, 100 * 0.002),
        ringExposure: 100,
        baselineEvents: poisson(u, 1000 * 0.005),
        baselineExposure: 1000,
      });
    }
    expect(isRejected(st)).toBe(false);
    expect(eValue(st)).toBeLessThan(0.05);
  });

  it('skips intervals without exposure and keeps a rejection once made', () => {
    let st = startSequential({ alpha: 0.01, delta: 0 });
    const before = st;
    st = updateSequential(st, {
      ringEvents: 3,
      ringExposure: 0,
      baselineEvents: 1,
      baselineExposure: 10,
    });
    expect(st).toBe(before);
    st = updateSequential(st, {
      ringEvents: 50,
      ringExposure: 100,
      baselineEvents: 5,
      baselineExposure: 1000,
    });
    expect(isRejected(st)).toBe(true);
    expect(st.rejectedAtInterval).toBe(1);
    st = updateSequential(st, {
      ringEvents: 0,
      ringExposure: 100000,
      baselineEvents: 5000,
      baselineExposure: 100000,
    });
    expect(st.rejectedAtInterval).toBe(1);
  });
});
