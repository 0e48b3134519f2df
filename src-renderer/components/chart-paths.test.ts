/**
 * The pieces of a live chart: the value axis, the lines' paths, the plot's scales (and back
 * from pixels to time for hover and drag), the tooltip's entries and keyboard zoom.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyZoom, nearestRow, stepRow } from './chart-body';
import { TIME_KEY } from './chart-rows';
import { valueAxis } from './chart-format';
import type { DrawnLine } from './chart-lines';
import { linePath } from './chart-paths';
import { makePlot, PLOT_MARGIN } from './chart-plot';
import { tooltipEntries } from './chart-tooltip';

describe('value axis', () => {
  it('starts at 0, ends on a round tick at or above the highest value, ticks evenly', () => {
    expect(valueAxis(0.2, 0.83)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(valueAxis(120, 480).ticks).toEqual([0, 100, 200, 300, 400, 500]);
    expect(valueAxis(-3, 4).domain).toEqual([-4, 4]);
    expect(valueAxis(Infinity, -Infinity).domain).toEqual([0, 1]); // nothing drawn yet
    expect(valueAxis(0, 0).domain).toEqual([0, 1]);
  });

  it('covers any range with at most a dozen round ticks (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (lo, width) => {
          const hi = lo + width;
          const { domain, ticks } = valueAxis(lo, hi);
          expect(domain[0]).toBeLessThanOrEqual(Math.min(0, lo));
          expect(domain[1]).toBeGreaterThanOrEqual(hi);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(12);
          expect(ticks[0]).toBe(domain[0]);
          expect(ticks.at(-1)).toBe(domain[1]);
          for (const t of ticks) {
            // Never float noise such as 0.30000000000000004.
            expect(Number(t.toPrecision(12))).toBe(t);
          }
        },
      ),
    );
  });
});

describe('line paths', () => {
  const x = (t: number) => t / 10;
  const y = (v: number) => 100 - v;
  it('moves to the first point and draws to the rest, skipping points off the scale', () => {
    expect(
      linePath(
        [
          { t: 0, v: 10 },
          { t: 10, v: 20 },
          { t: 20, v: 30 },
        ],
        x,
        (v) => (v === 20 ? undefined : y(v)),
      ),
    ).toBe('M0.0,90.0L2.0,70.0');
    expect(linePath([{ t: 5, v: 1 }], x, y)).toBe('M0.5,99.0h0');
    expect(linePath([], x, y)).toBeNull();
  });

  it('maps time left to right and values upwards inside the margins, and back to time', () => {
    const plot = makePlot(600, 260, [1000, 3000], [0, 10]);
    expect(plot).not.toBeNull();
    if (plot === null) {
      return;
    }
    const { x, y, timeAt } = plot;
    expect(x(1000)).toBe(PLOT_MARGIN.left);
    expect(x(3000)).toBe(600 - PLOT_MARGIN.right);
    expect(y(0)).toBe(260 - PLOT_MARGIN.bottom);
    expect(y(10)).toBe(PLOT_MARGIN.top);
    fc.assert(
      fc.property(fc.double({ min: 1000, max: 3000, noNaN: true }), (t) => {
        expect(timeAt(x(t))).toBeCloseTo(t, 6);
      }),
    );
    // One sample: no span to divide, drawn in the middle, never NaN.
    const one = makePlot(600, 260, [5, 5], [2, 2]);
    expect(one?.x(5)).toBe(PLOT_MARGIN.left + (600 - PLOT_MARGIN.left - PLOT_MARGIN.right) / 2);
    expect(Number.isFinite(one?.y(2))).toBe(true);
    // Before the first layout (no width) there is no plot.
    expect(makePlot(0, 260, [0, 1], [0, 1])).toBeNull();
  });
});

describe('tooltip entries', () => {
  const line = (ring: string, key = ring): DrawnLine => ({
    key,
    ring,
    points: [],
    colour: `colour-${ring}`,
    dashed: ring === 'baseline',
  });
  it('lists each ring once in the unit, then the baseline spread nearest the time', () => {
    const entries = tooltipEntries(
      { __t: 2000, baseline: 0.004, canary: 0.00806394763343404, 'canary#1': 0.5 },
      [line('baseline'), line('canary'), line('canary', 'canary#1')],
      [
        { t: 1000, lo: 0.001, hi: 0.002 },
        { t: 2100, lo: 0.003, hi: 0.005 },
      ],
      'ratio',
    );
    expect(entries.map((e) => e.name)).toEqual(['baseline', 'canary', 'baseline spread']);
    expect(entries[1]?.value).toBe('0.806 %');
    expect(entries[2]?.value).toBe('0.3 % – 0.5 %');
    expect(tooltipEntries(undefined, [line('canary')], null, 'ratio')).toEqual([]);
  });
});

describe('keyboard zoom', () => {
  const key = (k: string, shiftKey = false) => ({ key: k, shiftKey });
  it('zooms in and out around the middle, pans with Shift, resets with Esc or 0', () => {
    const d = [1000, 2000];
    expect(keyZoom(key('+'), d)).toEqual({ from: 1250, to: 1750 });
    expect(keyZoom(key('-'), d)).toEqual({ from: 500, to: 2500 });
    expect(keyZoom(key('ArrowLeft', true), d)).toEqual({ from: 750, to: 1750 });
    expect(keyZoom(key('ArrowRight', true), d)).toEqual({ from: 1250, to: 2250 });
    expect(keyZoom(key('Escape'), d)).toBeNull();
    expect(keyZoom(key('0'), d)).toBeNull();
    // Plain arrows step recharts' tooltip; other keys and an empty chart do nothing here.
    expect(keyZoom(key('ArrowLeft'), d)).toBeUndefined();
    expect(keyZoom(key('a'), d)).toBeUndefined();
    expect(keyZoom(key('+'), [])).toBeUndefined();
  });
});

describe('pointing at samples', () => {
  const rows = [1000, 2000, 4000].map((t) => ({ [TIME_KEY]: t, canary: t / 1000 }));
  it('finds the row nearest to a time, ties to the earlier one', () => {
    expect(nearestRow(rows, 0)).toBe(0);
    expect(nearestRow(rows, 1499)).toBe(0);
    expect(nearestRow(rows, 2900)).toBe(1);
    expect(nearestRow(rows, 3100)).toBe(2);
    expect(nearestRow(rows, 9999)).toBe(2);
    expect(nearestRow([], 5)).toBe(-1);
  });

  it('steps with ← and → from the newest sample, stopping at the ends', () => {
    expect(stepRow('ArrowLeft', rows, null)).toBe(4000);
    expect(stepRow('ArrowLeft', rows, 4000)).toBe(2000);
    expect(stepRow('ArrowLeft', rows, 1000)).toBe(1000);
    expect(stepRow('ArrowRight', rows, null)).toBe(4000);
    expect(stepRow('ArrowRight', rows, 2000)).toBe(4000);
    expect(stepRow('Enter', rows, 2000)).toBeUndefined();
    expect(stepRow('ArrowLeft', [], null)).toBeUndefined();
  });
});
