import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { combineSeries, historyFrom, liveMarkers, noHistory, retire } from './chart-history';

const p = (t: number, v = 1) => ({ t, v });

describe('chart history in the store', () => {
  it('files getChartHistory by metric and ring', () => {
    const h = historyFrom({
      series: [
        { metric: 'error_rate', ring: 'canary', points: [p(1)] },
        { metric: 'error_rate', ring: 'baseline', points: [p(2)] },
      ],
      markers: [{ t: 1, kind: 'deploy', ring: 'canary', label: 'deploy canary' }],
    });
    expect(h.series.error_rate).toEqual({ canary: [p(1)], baseline: [p(2)] });
    expect(h.markers).toHaveLength(1);
  });
  it('joins history and live samples per ring, keeping a lone array as it is', () => {
    const live = { canary: [p(10), p(11)], early: [p(12)] };
    const out = combineSeries({ canary: [p(1), p(2)], baseline: [p(3)] }, live);
    expect(out.canary?.map((x) => x.t)).toEqual([1, 2, 10, 11]);
    expect(out.early).toBe(live.early);
    expect(Object.keys(out).sort()).toEqual(['baseline', 'canary', 'early']);
  });
  it('keeps the rollout that just ended when the next one starts', () => {
    const marker = { t: 5, kind: 'halt', ring: 'canary', label: 'halt canary' } as const;
    const h = retire(noHistory, { error_rate: { canary: [p(5)] } }, [marker]);
    expect(h.series.error_rate?.canary).toEqual([p(5)]);
    expect(h.markers).toEqual([marker]);
  });
  it('labels the live rollout from the snapshot, an overridden ring as an override', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 1_000_000 });
    const ring = snap.rings[0]?.name ?? 'canary';
    const timeline = [
      { seq: 1, at: 10, kind: 'RingStarted', by: 'ringside', ring, host: null, text: '' },
      { seq: 2, at: 20, kind: 'Promoted', by: 'bob', ring, host: null, text: '' },
    ];
    const rings = snap.rings.map((r) =>
      r.name === ring ? { ...r, override: { by: 'bob', reason: 'noise' } } : r,
    );
    expect(liveMarkers(timeline, rings).map((m) => m.label)).toEqual([
      `deploy ${ring}`,
      `override ${ring} (bob)`,
    ]);
  });
});
