import { describe, expect, it } from 'vitest';
import { FAILING_COLOUR, ringColour } from '../../src-main/core/timeline/chart-style';
import { chartLines, MAX_DRAWN, type LineCache, type LineOptions } from './chart-lines';

const line = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ t: from + i, v: i }));

const raw = (ringOrder: readonly string[], more: Partial<LineOptions> = {}): LineOptions => ({
  since: null,
  until: null,
  ringOrder,
  failing: new Set(),
  smoothMs: 0,
  band: false,
  ...more,
});

describe('chartLines', () => {
  it('orders baseline then rings in rollout order, colours by ring, skips empty scopes', () => {
    const cache: LineCache = new Map();
    const order = ['canary', 'early', 'broad'];
    const a = chartLines({ early: line(3), baseline: line(3), platform: [] }, raw(order), cache);
    const b = chartLines({ canary: line(3), early: line(3) }, raw(order), new Map());
    expect(a.lines.map((l) => l.ring)).toEqual(['baseline', 'early']);
    expect(a.lines[1]?.colour).toBe(b.lines[1]?.colour);
    expect(a.lines[1]?.colour).not.toBe(b.lines[0]?.colour);
  });
  it('draws a healthy canary in its ring colour, not the red of the limits; a failing one red', () => {
    const healthy = chartLines({ canary: line(3) }, raw(['canary']), new Map());
    expect(healthy.lines[0]?.colour).toBe(ringColour('canary', ['canary']));
    expect(healthy.lines[0]?.colour).not.toBe(FAILING_COLOUR);
    const failing = chartLines(
      { canary: line(3) },
      raw(['canary'], { failing: new Set(['canary']) }),
      new Map(),
    );
    expect(failing.lines[0]?.colour).toBe(FAILING_COLOUR);
  });
  it('downsamples long lines and hands back the same array while nothing changed', () => {
    const cache: LineCache = new Map();
    const points = line(3000);
    const first = chartLines({ canary: points }, raw(['canary'], { since: 1000 }), cache);
    expect(first.lines[0]?.points).toHaveLength(MAX_DRAWN);
    expect(first.lines[0]?.points[0]?.t).toBe(1000);
    const again = chartLines({ canary: points }, raw(['canary'], { since: 999.5 }), cache);
    expect(again.lines[0]?.points).toBe(first.lines[0]?.points);
    const moved = chartLines({ canary: points }, raw(['canary'], { since: 2000 }), cache);
    expect(moved.lines[0]?.points).not.toBe(first.lines[0]?.points);
  });
  it('cuts a zoomed window at both ends', () => {
    const zoomed = chartLines(
      { canary: line(100) },
      raw(['canary'], { since: 10, until: 20 }),
      new Map(),
    );
    expect(zoomed.lines[0]?.points.map((p) => p.t)).toEqual(line(11, 10).map((p) => p.t));
  });
  it('smooths when asked and gives the baseline a band around its raw samples', () => {
    const noisy = line(60).map((p) => ({ t: p.t * 1000, v: p.t % 2 === 0 ? 1 : 0 }));
    const out = chartLines(
      { baseline: noisy, canary: noisy },
      raw(['canary'], { smoothMs: 10_000, band: true }),
      new Map(),
    );
    const canary = out.lines.find((l) => l.ring === 'canary')?.points ?? [];
    expect(Math.max(...canary.slice(10).map((p) => p.v))).toBeLessThan(0.6);
    expect(out.band).toHaveLength(60);
    expect(out.band?.at(-1)?.hi).toBeGreaterThan(0.9);
    expect(chartLines({ canary: noisy }, raw(['canary'], { band: true }), new Map()).band).toBe(
      null,
    );
  });
});

describe('chartRows', () => {
  it('joins lines on time and keeps a spike when it buckets a long table', async () => {
    const { chartRows, TIME_KEY } = await import('./chart-rows');
    const canary = line(1000).map((p) => ({ ...p, v: p.t === 517 ? 50 : 1 }));
    const baseline = line(1000).map((p) => ({ ...p, v: 1 }));
    const short = chartRows(
      [
        { key: 'baseline', points: baseline.slice(0, 3) },
        { key: 'canary', points: canary.slice(1, 4) },
      ],
      150,
    );
    expect(short.map((r) => [r[TIME_KEY], r.baseline, r.canary])).toEqual([
      [0, 1, undefined],
      [1, 1, 1],
      [2, 1, 1],
      [3, undefined, 1],
    ]);
    const rows = chartRows(
      [
        { key: 'baseline', points: baseline },
        { key: 'canary', points: canary },
      ],
      150,
    );
    expect(rows).toHaveLength(150);
    expect(Math.max(...rows.map((r) => r.canary ?? 0))).toBe(50);
  });

  it('breaks a line across a silence (earlier rollouts, then the live one) and lists its ring once', () => {
    const earlier = line(30, 0).map((p) => ({ t: p.t * 1000, v: 1 }));
    const live = line(30, 0).map((p) => ({ t: 3_600_000 + p.t * 1000, v: 2 }));
    const { lines } = chartLines({ canary: [...earlier, ...live] }, raw(['canary']), new Map());
    expect(lines.map((l) => [l.key, l.ring, l.points.length])).toEqual([
      ['canary', 'canary', 30],
      ['canary#1', 'canary', 30],
    ]);
    expect(lines[0]?.colour).toBe(lines[1]?.colour);
    // Sampling every 5 minutes is no silence: 20 of its own intervals are.
    const slow = line(10, 0).map((p) => ({ t: p.t * 300_000, v: 1 }));
    expect(chartLines({ canary: slow }, raw(['canary']), new Map()).lines).toHaveLength(1);
  });
});
