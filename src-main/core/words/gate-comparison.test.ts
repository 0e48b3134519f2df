import { describe, expect, it } from 'vitest';
import { formatMetricValue, gateComparison } from './gate-comparison';

describe('gate evidence in words', () => {
  it('formats values in their unit, counts with separators', () => {
    expect(formatMetricValue(0.026105, 'ratio')).toBe('2.61 %');
    expect(formatMetricValue(0.212, 's')).toBe('212 ms');
    expect(formatMetricValue(1.5, 's')).toBe('1.5 s');
    expect(formatMetricValue(12.44, '/s')).toBe('12.4 /s');
    expect(formatMetricValue(0.008056394763343404, '')).toBe('0.00806');
  });

  it('reads a sequential gate as ring vs baseline, samples and its confidence', () => {
    const c = gateComparison(
      {
        ringValue: 0.0261,
        baselineValue: 0.00532,
        ringSamples: 732,
        baselineSamples: 11848,
        statistic: 18159.14,
        threshold: 100,
      },
      { kind: 'sequential', metric: 'error_rate', unit: 'ratio', alpha: 0.01 },
    );
    expect(c).toEqual({
      metric: 'error_rate',
      ring: '2.61 %',
      baseline: '0.532 %',
      ringSamples: '732',
      baselineSamples: '11,848',
      confidence: '99 % (e-value 18,200 of 100)',
    });
  });

  it('has no comparison for evidence without a ring side', () => {
    expect(
      gateComparison(
        { reason: 'no data' },
        { kind: 'threshold', metric: 'x', unit: '', alpha: null },
      ),
    ).toBeNull();
  });
});
