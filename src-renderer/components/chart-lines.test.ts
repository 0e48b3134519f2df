import { describe, expect, it } from 'vitest';
import { chartLines, MAX_DRAWN, type LineCache } from './chart-lines';

const line = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ t: from + i, v: i }));

describe('chartLines', () => {
  it('orders baseline then rings in rollout order, colours by ring, skips empty scopes', () => {
    const cache: LineCache = new Map();
    const order = ['canary', 'early', 'broad'];
    const a = chartLines({ early: line(3), baseline: line(3), platform: [] }, null, order, cache);
    const b = chartLines({ canary: line(3), early: line(3) }, null, order, new Map());
    expect(a.map((l) => l.ring)).toEqual(['baseline', 'early']);
    expect(a[1]?.colour).toBe(b[1]?.colour);
    expect(a[1]?.colour).not.toBe(b[0]?.colour);
  });
  it('downsamples long lines and hands back the same array while nothing changed', () => {
    const cache: LineCache = new Map();
    const points = line(3000);
    const first = chartLines({ canary: points }, 1000, ['canary'], cache);
    expect(first[0]?.points).toHaveLength(MAX_DRAWN);
    expect(first[0]?.points[0]?.t).toBe(1000);
    const again = chartLines({ canary: points }, 999.5, ['canary'], cache);
    expect(again[0]?.points).toBe(first[0]?.points);
    const moved = chartLines({ canary: points }, 2000, ['canary'], cache);
    expect(moved[0]?.points).not.toBe(first[0]?.points);
  });
});

describe('chartRows', () => {
  it('joins lines on time and keeps a spike when it buckets a long table', async () => {
    const { chartRows, TIME_KEY } = await import('./chart-rows');
    const canary = line(1000).map((p) => ({ ...p, v: p.t === 517 ? 50 : 1 }));
    const baseline = line(1000).map((p) => ({ ...p, v: 1 }));
    const short = chartRows(
      [
        { ring: 'baseline', points: baseline.slice(0, 3) },
        { ring: 'canary', points: canary.slice(1, 4) },
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
        { ring: 'baseline', points: baseline },
        { ring: 'canary', points: canary },
      ],
      150,
    );
    expect(rows).toHaveLength(150);
    expect(Math.max(...rows.map((r) => r.canary ?? 0))).toBe(50);
  });
});
