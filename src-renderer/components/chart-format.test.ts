import { describe, expect, it } from 'vitest';
import { labelRows, tooltipValue } from './chart-format';

describe('tooltip values', () => {
  it('print a ratio as a percentage with three digits, not 0.008056394763343404', () => {
    expect(tooltipValue(0.008056394763343404, 'ratio')).toBe('0.806 %');
  });
  it('print seconds as ms below one second, rates per second, plain numbers rounded', () => {
    expect(tooltipValue(0.2123, 's')).toBe('212 ms');
    expect(tooltipValue(12.449, '/s')).toBe('12.4 /s');
    expect(tooltipValue(3.14159, '')).toBe('3.14');
  });
  it('print a band as its low – high range', () => {
    expect(tooltipValue([0.001, 0.0125], 'ratio')).toBe('0.1 % – 1.25 %');
  });
  it('print nothing readable as a dash', () => {
    expect(tooltipValue(undefined, 'ratio')).toBe('–');
    expect(tooltipValue(Number.NaN, 'ratio')).toBe('–');
  });
});

describe('marker label rows', () => {
  it('put overlapping labels on different rows and reuse a row once it is free', () => {
    const spans: [number, number][] = [
      [0, 100],
      [10, 110],
      [20, 120],
      [200, 300],
      [205, 305],
    ];
    expect(labelRows(spans)).toEqual([0, 1, 2, 0, 1]);
  });
  it('keep a label that reads leftwards off the row of one it would cross', () => {
    // "promote canary (root)" reads right from 70, "halt canary" left from 100.
    expect(
      labelRows([
        [70, 95],
        [80, 100],
      ]),
    ).toEqual([0, 1]);
  });
});

describe('annotations', () => {
  it('label every rollout moment in the window, halt included, close ones on other rows', async () => {
    const { placeMarkers } = await import('./metric-chart');
    const placed = placeMarkers(
      [
        { t: 0, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
        { t: 100, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
        { t: 110, kind: 'halt', ring: 'canary', label: 'halt canary' },
        { t: 120, kind: 'rollback', ring: 'canary', label: 'rollback canary' },
        { t: 900, kind: 'override', ring: 'early', label: 'override early (bob)' },
      ],
      50,
      1000,
    );
    expect(placed.map((p) => [p.marker.label, p.row])).toEqual([
      ['deploy canary', 0],
      ['halt canary', 1],
      ['rollback canary', 2],
      ['override early (bob)', 0],
    ]);
  });
});

describe('the time axis', () => {
  it('widens to a deploy before the first sample and a halt after the last, within the window', async () => {
    const { chartDomain, placeMarkers } = await import('./metric-chart');
    const markers = [
      { t: 50, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
      { t: 400, kind: 'halt', ring: 'canary', label: 'halt canary' },
      { t: 10, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
    ] as const;
    expect(chartDomain({ min: 100, max: 300 }, markers, 20, null)).toEqual({ min: 50, max: 400 });
    expect(chartDomain(null, markers, null, null)).toBeNull();
    const placed = placeMarkers(markers, 50, 400);
    expect(placed.map((p) => [p.marker.label, p.end])).toEqual([
      ['deploy canary', false],
      ['halt canary', true],
    ]);
  });
});
