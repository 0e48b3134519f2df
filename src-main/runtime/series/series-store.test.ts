import { describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../../core/gates/gate-spec';
import { createSeriesStore, type SeriesEvent } from './series-store';

describe('series store', () => {
  it('keeps points sorted, bounded by count and age, and answers windows', () => {
    let now = 100_000;
    const store = createSeriesStore({ maxPoints: 5, maxAgeMs: 10_000, clock: () => now });
    store.append(
      'error_rate',
      'canary',
      [1, 2, 3].map((i) => ({ t: 90_000 + i * 1000, v: i })),
    );
    store.append('error_rate', 'canary', { t: 91_500, v: 1.5 }); // late arrival
    expect(store.window('error_rate', 'canary', 0, 1e9).map((p) => p.v)).toEqual([1, 1.5, 2, 3]);
    expect(store.window('error_rate', 'canary', 91_500, 92_000).map((p) => p.v)).toEqual([1.5, 2]);
    store.append(
      'error_rate',
      'canary',
      [4, 5, 6].map((i) => ({ t: 90_000 + i * 1000, v: i })),
    );
    expect(store.window('error_rate', 'canary', 0, 1e9).map((p) => p.v)).toEqual([2, 3, 4, 5, 6]);
    now = 104_500; // cutoff 94_500
    store.prune();
    expect(store.window('error_rate', 'canary', 0, 1e9).map((p) => p.v)).toEqual([5, 6]);
    expect(store.latest('error_rate', 'canary')?.v).toBe(6);
    expect(store.window('error_rate', 'baseline', 0, 1e9)).toEqual([]);
    expect(store.keys()).toEqual([{ metric: 'error_rate', scope: 'canary' }]);
  });

  it('downsamples for display and publishes points and evidence to subscribers', () => {
    const store = createSeriesStore({ clock: () => 0 });
    const events: SeriesEvent[] = [];
    const off = store.subscribe((e) => events.push(e));
    store.subscribe(() => {
      throw new Error('a broken view');
    });
    store.append(
      'p99',
      'canary',
      Array.from({ length: 1000 }, (_, i) => ({ t: i, v: i % 17 })),
    );
    expect(store.downsampled('p99', 'canary', 100)).toHaveLength(100);
    const outcome: GateEvaluation = {
      gate: 'errors',
      kind: 'threshold',
      platform: false,
      outcome: 'fail',
      onTrack: false,
      atMs: 5,
      evidence: {
        ringValue: 0.03,
        baselineValue: null,
        ringSamples: 600,
        baselineSamples: 0,
        reason: 'x',
      },
    };
    store.recordEvidence('canary', outcome);
    expect(store.evidence('errors', 'canary')).toEqual([outcome]);
    expect(store.latestEvidence('canary')).toEqual([outcome]);
    expect(store.latestEvidence('early')).toEqual([]);
    off();
    store.append('p99', 'canary', { t: 2000, v: 1 });
    expect(events.map((e) => e.type)).toEqual(['points', 'evidence']);
  });
});
