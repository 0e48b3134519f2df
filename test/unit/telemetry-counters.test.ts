import { describe, expect, it } from 'vitest';
import { counterIncrease, histogramIncrease } from '../../src-main/core/telemetry/counter-delta';
import { compileSelector } from '../../src-main/core/telemetry/prom-select';
import { parsePromText, type PromSample } from '../../src-main/core/telemetry/prom-text';
import { parseSelector } from '../../src-main/core/telemetry/selector';
import { histogramQuantile } from '../../src-main/core/telemetry/prom-select';

function samples(text: string): readonly PromSample[] {
  const r = parsePromText(text);
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.samples;
}

describe('series selectors', () => {
  it('parses plan selectors with escapes and rejects malformed ones', () => {
    expect(parseSelector('http_requests_total')).toEqual({
      ok: true,
      name: 'http_requests_total',
      matchers: [],
    });
    expect(parseSelector('http_requests_total{code=~"5..", path!="/a\\"b",}')).toEqual({
      ok: true,
      name: 'http_requests_total',
      matchers: [
        { label: 'code', op: '=~', value: '5..' },
        { label: 'path', op: '!=', value: '/a"b' },
      ],
    });
    expect(parseSelector('x{code=5}').ok).toBe(false);
    expect(parseSelector('{code="5"}').ok).toBe(false);
    expect(parseSelector('x{a="b"} extra').ok).toBe(false);
  });
});

describe('counter increases between scrapes', () => {
  const sel = parseSelector('req_total{code=~"5.."}');
  const pred = sel.ok ? compileSelector(sel.name, sel.matchers) : undefined;
  const errors = pred?.ok === true ? pred.test : () => false;

  it('sums per-series increases, treating drops as restarts and new series as unknown', () => {
    const before = samples(
      'req_total{code="200"} 100\nreq_total{code="500"} 10\nreq_total{code="503"} 4\n',
    );
    const after = samples(
      'req_total{code="200"} 150\nreq_total{code="500"} 2\nreq_total{code="503"} 6\nreq_total{code="502"} 9\n',
    );
    expect(counterIncrease(before, after, errors)).toEqual({
      increase: 2 + 2,
      series: 2,
      resets: 1,
    });
    expect(counterIncrease([], after, errors)).toBeUndefined();
  });

  it('histogram increases across hosts feed the latency quantile', () => {
    const h = (a: number, b: number, c: number) =>
      samples(
        `# TYPE lat histogram\nlat_bucket{le="0.1"} ${a}\nlat_bucket{le="0.5"} ${b}\nlat_bucket{le="+Inf"} ${c}\nlat_count ${c}\n`,
      );
    const delta = histogramIncrease(
      [
        { previous: h(10, 20, 20), current: h(100, 120, 130) },
        { previous: h(5, 5, 5), current: h(3, 4, 4) }, // restarted host: counts from zero
      ],
      'lat',
      [],
    );
    expect(delta).toEqual([
      { le: 0.1, count: 90 + 3 },
      { le: 0.5, count: 100 + 4 },
      { le: Number.POSITIVE_INFINITY, count: 110 + 4 },
    ]);
    expect(histogramQuantile(0.5, delta)).toBeCloseTo((0.1 * 57) / 93, 10);
  });
});
