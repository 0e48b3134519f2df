/**
 * Issue 11 item 4, "the healthy canary is drawn in the same red as the threshold": one colour
 * per ring from its place in the rollout, red only for a failing ring, in the console and in
 * the exported HTML timeline alike; labelled markers from the journal and from the console's
 * timeline entries read the same.
 */
import { describe, expect, it } from 'vitest';
import { metricChartSvg } from '../../src-main/core/timeline/chart-svg';
import {
  FAILING_COLOUR,
  RING_COLOURS,
  chartMarkers,
  ringColour,
  timelineMarkers,
  type ChartMarker,
} from '../../src-main/core/timeline';
import type { RolloutEvent } from '../../src-main/core/rollout';

const order = ['canary', 'early', 'broad', 'global'];

describe('ring colours', () => {
  it('gives each ring its own colour by rollout order, never the failing red', () => {
    const colours = order.map((r) => ringColour(r, order));
    expect(new Set(colours).size).toBe(order.length);
    expect(colours).not.toContain(FAILING_COLOUR);
    expect(RING_COLOURS).not.toContain(FAILING_COLOUR);
    expect(ringColour('early', ['canary', 'early'])).toBe(ringColour('early', order));
  });
  it('draws a failing ring red and the baseline grey', () => {
    expect(ringColour('canary', order, true)).toBe(FAILING_COLOUR);
    expect(ringColour('baseline', order)).not.toBe(ringColour('canary', order));
  });
});

describe('exported charts', () => {
  const metric = { name: 'error_rate', unit: 'ratio', thresholds: [{ gate: 'ceiling', value: 1 }] };
  const series = [
    {
      metric: 'error_rate',
      ring: 'baseline',
      points: [
        { t: 0, v: 0.1 },
        { t: 10, v: 0.2 },
      ],
    },
    {
      metric: 'error_rate',
      ring: 'canary',
      points: [
        { t: 0, v: 0.1 },
        { t: 10, v: 0.3 },
      ],
    },
  ];
  const deploy: ChartMarker = { t: 1, kind: 'deploy', ring: 'canary', label: 'deploy canary' };
  const stroke = (html: string, ring: string) =>
    new RegExp(`stroke="(#[0-9a-f]{6})"[^>]*><title>${ring}</title>`).exec(html)?.[1];

  it('draw a healthy canary in its ring colour, not the threshold red', () => {
    const html = metricChartSvg(metric, series, [deploy]);
    expect(stroke(html, 'canary')).toBe(ringColour('canary', ['canary']));
    expect(stroke(html, 'canary')).not.toBe(FAILING_COLOUR);
  });
  it('draw a halted canary red', () => {
    const halt: ChartMarker = { t: 5, kind: 'halt', ring: 'canary', label: 'halt canary' };
    expect(stroke(metricChartSvg(metric, series, [deploy, halt]), 'canary')).toBe(FAILING_COLOUR);
  });
});

describe('labelled markers', () => {
  it('label deploy, promote, override, halt and rollback the same from journal and timeline', () => {
    const events = [
      { type: 'RingStarted', at: 1, ring: 'canary' },
      { type: 'Promoted', at: 2, ring: 'canary', by: 'alice', next: 'early', override: null },
      { type: 'RingStarted', at: 3, ring: 'early' },
      {
        type: 'Promoted',
        at: 4,
        ring: 'early',
        by: 'bob',
        next: 'broad',
        override: { reason: 'known noise' },
      },
      { type: 'RingHalted', at: 5, ring: 'broad', reason: 'gate failed' },
      { type: 'RollbackStarted', at: 6, rings: ['broad'], by: 'ringside', reason: 'x' },
    ] as unknown as RolloutEvent[];
    const fromJournal = chartMarkers(events);
    expect(fromJournal.map((m) => m.label)).toEqual([
      'deploy canary',
      'promote canary (alice)',
      'deploy early',
      'override early (bob)',
      'halt broad',
      'rollback broad',
    ]);
    const entries = events.map((e) => ({
      at: e.at,
      kind: e.type,
      by: 'by' in e ? e.by : 'ringside',
      ring: 'ring' in e ? e.ring : 'broad',
    }));
    expect(timelineMarkers(entries, (r) => r === 'early')).toEqual(fromJournal);
  });
});
