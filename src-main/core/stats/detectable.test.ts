import { describe, expect, it } from 'vitest';
import { detectableLatency, detectableRegression } from './detectable';

describe('pre-flight detectable regression', () => {
  const base = { baselineRequestsPerSec: 9900, alpha: 0.01, delta: 0.1, bakeSeconds: 600 };

  it('a busy canary catches small regressions; a tiny one is flagged too small', () => {
    const busy = detectableRegression({
      ...base,
      baselineEventRate: 0.005,
      ringRequestsPerSec: 100,
    });
    const tiny = detectableRegression({
      ...base,
      baselineEventRate: 0.005,
      ringRequestsPerSec: 0.05,
      bakeSeconds: 60,
    });
    console.log('busy canary', JSON.stringify(busy), 'tiny canary', JSON.stringify(tiny));
    expect(busy.verdict).toBe('ok');
    if (busy.verdict === 'ok') {
      expect(busy.minRatio).toBeGreaterThan(1.1);
      expect(busy.minRatio).toBeLessThan(2);
      expect(busy.power).toBeGreaterThanOrEqual(0.8);
    }
    expect(tiny.verdict).toBe('too-small');
  });

  it('longer bakes detect smaller regressions; answers are reproducible', () => {
    const input = { ...base, baselineEventRate: 0.005, ringRequestsPerSec: 5 };
    const short = detectableRegression({ ...input, bakeSeconds: 300 });
    const long = detectableRegression({ ...input, bakeSeconds: 3600 });
    expect(short.verdict === 'ok' && long.verdict === 'ok' && long.minRatio < short.minRatio).toBe(
      true,
    );
    expect(detectableRegression({ ...input, bakeSeconds: 300 })).toEqual(short);
  });

  it('latency: slow share past the baseline p99', () => {
    const r = detectableLatency(0.99, { ...base, ringRequestsPerSec: 100 });
    expect(r.verdict === 'ok' && r.minRingEventRate > 0.01).toBe(true);
  });
});
