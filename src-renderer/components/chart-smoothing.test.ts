import { describe, expect, it } from 'vitest';
import { bandAt, smooth, smoothingWindowMs, spreadBand } from './chart-smoothing';

/** A healthy ring: level 0.2 with per-second noise of ±0.5 (alternating, like a scrape). */
const noisy = Array.from({ length: 120 }, (_, i) => ({
  t: i * 1000,
  v: 0.2 + (i % 2 === 0 ? 0.5 : -0.5),
}));
const max = (xs: readonly { v: number }[]) => Math.max(...xs.map((p) => p.v));

describe('smoothing', () => {
  it('brings a noisy healthy line back to its level (raw peaks read 70% of a 1.0 ceiling)', () => {
    expect(max(noisy)).toBeCloseTo(0.7);
    const smoothed = smooth(noisy, 10_000);
    expect(smoothed).toHaveLength(noisy.length);
    expect(max(smoothed.slice(10))).toBeLessThan(0.3);
    expect(smoothed.map((p) => p.t)).toEqual(noisy.map((p) => p.t));
  });
  it('is a trailing mean: a step shows where it happened, not before', () => {
    const step = [0, 1, 2, 3, 4].map((i) => ({ t: i * 1000, v: i < 3 ? 0 : 1 }));
    expect(smooth(step, 2000).map((p) => p.v)).toEqual([0, 0, 0, 0.5, 1]);
  });
  it('picks a window step from the span: 5 s at least, 5 min at most, steady as it grows', () => {
    expect(smoothingWindowMs(60_000)).toBe(5_000);
    expect(smoothingWindowMs(3_600_000)).toBe(60_000);
    expect(smoothingWindowMs(3_000_000)).toBe(60_000);
    expect(smoothingWindowMs(86_400_000)).toBe(300_000);
  });
});

describe('the baseline band', () => {
  it('spans mean ± 2 standard deviations of the trailing window', () => {
    const band = spreadBand(noisy, 10_000);
    const last = band.at(-1)!;
    expect((last.lo + last.hi) / 2).toBeCloseTo(0.2);
    expect(last.hi - last.lo).toBeCloseTo(2);
    expect(band[0]).toEqual({ t: 0, lo: 0.7, hi: 0.7 });
  });
  it('is taken at the drawn baseline points, so it adds no chart row', () => {
    const drawn = [noisy[0]!, noisy[57]!, noisy[119]!];
    expect(bandAt(spreadBand(noisy, 10_000), drawn).map((b) => b.t)).toEqual([0, 57_000, 119_000]);
  });
});

describe('the band outline', () => {
  it('runs along the high edge and back along the low one, clamped to the plot', async () => {
    const { bandPath } = await import('./chart-band');
    const band = [
      { t: 0, lo: 1, hi: 3 },
      { t: 10, lo: 2, hi: 50 },
    ];
    const d = bandPath(
      band,
      (t) => t * 10,
      (v) => 100 - v,
      { y: 60, height: 40 },
    );
    expect(d).toBe('M0.0,97.0L100.0,60.0L100.0,98.0L0.0,99.0Z');
    expect(
      bandPath(
        band.slice(0, 1),
        (t) => t,
        (v) => v,
        { y: 0, height: 10 },
      ),
    ).toBeNull();
  });
});
