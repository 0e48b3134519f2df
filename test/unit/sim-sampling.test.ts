import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src-main/sim/prng';
import { binomial, logGamma, normalCdf, poisson } from '../../src-main/sim/sampling';

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('sim PRNG', () => {
  it('is reproducible from its seed and differs across seeds and forks', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    const c = createPrng(43);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
    const f1 = createPrng(42).fork(1).next();
    expect(createPrng(42).fork(1).next()).toBe(f1);
    expect(createPrng(42).fork(2).next()).not.toBe(f1);
  });
  it('draws uniforms in [0,1) with mean 1/2 and variance 1/12', () => {
    const r = createPrng(7);
    const xs = Array.from({ length: 20_000 }, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, variance } = meanVar(xs);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });
});

describe('sim samplers', () => {
  it('logGamma and normalCdf match known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.3263478740408408)).toBeCloseTo(0.01, 6);
  });
  it.each([0.5, 4, 30, 1000])('Poisson(%d) has mean and variance λ', (lambda) => {
    const r = createPrng(11);
    const { mean, variance } = meanVar(Array.from({ length: 20_000 }, () => poisson(r, lambda)));
    // 20k draws: the standard error of the mean is sqrt(λ/20000) < 0.8% of λ for λ >= 0.5.
    expect(Math.abs(mean - lambda) / lambda).toBeLessThan(0.03);
    expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.06);
  });
  it.each([
    [20, 0.1],
    [1000, 0.005],
    [1000, 0.03],
    [5000, 0.3],
    [200, 0.9],
  ])('Binomial(%d, %d) has mean np and variance np(1-p), within [0, n]', (n, p) => {
    const r = createPrng(13);
    const xs = Array.from({ length: 20_000 }, () => binomial(r, n, p));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(n);
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean - n * p) / (n * p)).toBeLessThan(0.03);
    expect(Math.abs(variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.06);
  });
});
