import { describe, expect, it } from 'vitest';
import { parsePromBytes, parsePromText } from '../../src-main/core/telemetry/prom-text';
import {
  aggregateBuckets,
  counterDelta,
  counterRate,
  countAbove,
  histogramQuantile,
  selectSeries,
  sumValues,
} from '../../src-main/core/telemetry/prom-select';
import { renderQuery } from '../../src-main/core/telemetry/query-template';

const BODY = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="500"} 3 1395066363000
http_requests_total{method="get",code="500",} 2

# A normal comment.
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
metric_without_timestamp_and_labels 12.47
something_weird{problem="division by zero"} +Inf -3982045
nan_gauge NaN
neg -Inf
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="0.2"} 100392
http_request_duration_seconds_bucket{le="0.5"} 129389
http_request_duration_seconds_bucket{le="1"} 133988
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds{quantile="0.99"} 76656
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

describe('Prometheus text format parser', () => {
  it('parses the reference example from the exposition format docs', () => {
    const r = parsePromText(BODY);
    if (!r.ok) {
      throw new Error(JSON.stringify(r.errors));
    }
    const byName = new Map(r.families.map((f) => [f.name, f]));
    expect(byName.get('http_requests_total')?.type).toBe('counter');
    expect(byName.get('http_requests_total')?.help).toBe('The total number of HTTP requests.');
    expect(byName.get('http_requests_total')?.samples).toHaveLength(3);
    expect(byName.get('http_requests_total')?.samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'post', code: '200' },
      value: 1027,
      timestampMs: 1395066363000,
    });
    const msdos = byName.get('msdos_file_access_time_seconds')?.samples[0];
    expect(msdos?.labels).toEqual({
      path: 'C:\\DIR\\FILE.TXT',
      error: 'Cannot find file:\n"FILE.TXT"',
    });
    expect(byName.get('something_weird')?.samples[0]?.value).toBe(Number.POSITIVE_INFINITY);
    expect(byName.get('something_weird')?.samples[0]?.timestampMs).toBe(-3982045);
    expect(Number.isNaN(byName.get('nan_gauge')?.samples[0]?.value)).toBe(true);
    expect(byName.get('neg')?.samples[0]?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(byName.get('http_request_duration_seconds')?.type).toBe('histogram');
    expect(byName.get('http_request_duration_seconds')?.samples).toHaveLength(8);
    expect(byName.get('rpc_duration_seconds')?.type).toBe('summary');
    expect(byName.get('rpc_duration_seconds')?.samples).toHaveLength(4);
    expect(r.samples).toHaveLength(20);
  });

  it('rejects bad lines with their line numbers, never a partial result', () => {
    const r = parsePromText(
      'ok 1\nbroken{a="x} 1\n# TYPE x flavour\nfine{a="1"} notanumber\nts 1 1.5\n{a="b"} 3\nbad{a="\\q"} 1\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) {
      return;
    }
    // Like the Go parser, the first error stops the parse.
    expect(r.errors.map((e) => e.line)).toEqual([2]);
    const first = (body: string) => {
      const x = parsePromText(body);
      return x.ok ? undefined : x.errors[0];
    };
    expect(first('fine{a="1"} notanumber\n')?.message).toContain('expected a number');
    expect(first('bad{a="\\q"} 1\n')?.message).toContain('invalid escape');
  });

  it('refuses CRLF as the Go parser does (the value "1\\r" is no float), accepts an empty body', () => {
    // promtool check metrics: "text format parsing error in line 1: expected float as value, got "1\r"".
    const r = parsePromText('a 1\r\nb 2\r\n');
    expect(r.ok ? 'accepted' : r.errors[0]).toMatchObject({ line: 1, column: 3 });
    expect(parsePromText('')).toEqual({ ok: true, families: [], samples: [] });
  });

  it('reads what promtool check metrics (expfmt) reads, and refuses what it refuses', () => {
    // Each found by the promtool differential test (test/integration/prom-text-promtool-diff).
    const verdict = (t: string) => {
      const r = parsePromText(t);
      return r.ok ? 'ok' : `${r.errors[0]?.line}:${r.errors[0]?.column}`;
    };
    expect({
      emptyHelpTwice: verdict('# HELP h x\n# HELP h \nh 1\n'),
      emptyType: verdict('# TYPE u \nu 1\n'),
      typeAnyCase: verdict('# TYPE a Counter\na 1\n'),
      gaugeHistogram: verdict('# TYPE a gauge_histogram\na 1\n'),
      typeTrailingBlank: verdict('# TYPE a counter \na 1\n'),
      commentWithoutNewline: verdict('a 1\n# HELP s '),
      blankAfterValue: verdict('a{b="c"} 1 \n'),
      blankAfterTimestamp: verdict('a 1 2\t\n'),
      overflow: verdict('a 1e400\n'),
      timestampOverflow: verdict('a 1 9223372036854775808\n'),
      helpEscape: verdict('# HELP a x\\y\na 1\n'),
    }).toEqual({
      emptyHelpTwice: 'ok',
      emptyType: 'ok',
      typeAnyCase: 'ok',
      gaugeHistogram: 'ok',
      typeTrailingBlank: '1:10',
      commentWithoutNewline: '2:10',
      blankAfterValue: '1:12',
      blankAfterTimestamp: '1:6',
      overflow: '1:3',
      timestampOverflow: '1:5',
      helpEscape: '1:11',
    });
  });
});

describe('selection and aggregation', () => {
  const parsed = parsePromText(BODY);
  const samples = parsed.ok ? parsed.samples : [];

  it('selects with =, !=, =~ and !~ (anchored), and sums', () => {
    const sel = (op: '=' | '!=' | '=~' | '!~', value: string): number | undefined => {
      const r = selectSeries(samples, 'http_requests_total', [{ label: 'code', op, value }]);
      return r.ok ? sumValues(r.samples) : -1;
    };
    expect(sel('=', '500')).toBe(5);
    expect(sel('!=', '500')).toBe(1027);
    expect(sel('=~', '5..')).toBe(5);
    expect(sel('=~', '5')).toBeUndefined(); // anchored: "5" does not match "500"
    expect(sel('!~', '2..|3..')).toBe(5);
    expect(selectSeries(samples, 'x', [{ label: 'a', op: '=~', value: '(' }]).ok).toBe(false);
  });

  it('computes histogram quantiles like histogram_quantile', () => {
    const r = selectSeries(samples, 'http_request_duration_seconds_bucket');
    const buckets = aggregateBuckets(r.ok ? r.samples : []);
    // rank 0.5*144320 = 72160 falls in (0.1, 0.2]: 0.1 + 0.1*(72160-33444)/(100392-33444)
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(
      0.1 + (0.1 * (72160 - 33444)) / (100392 - 33444),
      10,
    );
    expect(histogramQuantile(0.01, buckets)).toBeCloseTo((0.05 * 1443.2) / 24054, 10);
    // rank in the +Inf bucket -> highest finite bound
    expect(histogramQuantile(0.99, buckets)).toBe(1);
    expect(
      histogramQuantile(
        0.5,
        buckets.filter((b) => b.le !== Number.POSITIVE_INFINITY),
      ),
    ).toBeUndefined();
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Number.POSITIVE_INFINITY, count: 0 },
      ]),
    ).toBeUndefined();
    expect(countAbove(buckets, 0.5)).toBe(144320 - 129389);
  });

  it('derives counter rates across resets', () => {
    expect(
      counterRate([
        { t: 0, v: 100 },
        { t: 1000, v: 110 },
        { t: 2000, v: 5 },
        { t: 3000, v: 15 },
      ]),
    ).toEqual({
      increase: 10 + 5 + 10,
      perSecond: 25 / 3,
      resets: 1,
    });
    expect(counterRate([{ t: 0, v: 1 }])).toBeUndefined();
    expect(counterDelta(10, 4)).toBe(4);
    expect(counterDelta(10, 14)).toBe(4);
  });
});

describe('query templating', () => {
  it('renders instances as an escaped alternation and refuses unknowns', () => {
    const ctx = {
      ring: {
        instances: ['127.0.0.2:9100', '127.0.0.3:9100'],
        hosts: ['web-1'],
        labels: { zone: 'a"b' },
      },
      baseline: { instances: ['127.0.0.4:9100'], hosts: ['web-2'] },
      vars: { version: '1.2.3' },
    };
    const r = renderQuery(
      'sum(rate(x{instance=~"{{ring.instances}}",zone="{{ring.labels.zone}}",v="{{version}}"}[1m]))',
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      query:
        'sum(rate(x{instance=~"127\\\\.0\\\\.0\\\\.2:9100|127\\\\.0\\\\.0\\\\.3:9100",zone="a\\"b",v="1.2.3"}[1m]))',
    });
    const bad = renderQuery(
      'x{a="{{nope}}",b=~"{{baseline.instances}}",c="{{ring.labels.missing}}"}',
      { ...ctx, baseline: undefined },
    );
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toMatch(
      /nope.*unknown variable.*no baseline hosts.*no label missing/,
    );
  });
});

describe('Prometheus text as the Go parser reads it (issue #8 cases)', () => {
  const first = (body: string) => {
    const r = parsePromText(body);
    return r.ok ? 'ok' : `${r.errors[0]?.line}: ${r.errors[0]?.message}`;
  };
  it('accepts a blank before the labels and Infinity, as Go does', () => {
    const r = parsePromText('foo {a="b"} 1\nbar Infinity\nbaz -Infinity\n');
    expect(r.ok && r.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['foo', { a: 'b' }, 1],
      ['bar', {}, Number.POSITIVE_INFINITY],
      ['baz', {}, Number.NEGATIVE_INFINITY],
    ]);
  });
  it('refuses __name__ as a label, a second HELP/TYPE, le="bla" and invalid UTF-8', () => {
    expect(first('foo{__name__="x"} 1\n')).toMatch(/^1: label name "__name__" is reserved/);
    expect(first('# HELP a one\n# HELP a two\n')).toBe('2: second HELP line for metric name "a"');
    expect(first('# TYPE a gauge\n# TYPE a counter\n')).toMatch(
      /^2: second TYPE line for metric name "a"/,
    );
    expect(first('# TYPE h histogram\nh_bucket{le="bla"} 1\n')).toMatch(
      /^2: expected float as value for 'le' label/,
    );
    const bad = parsePromBytes(
      Uint8Array.from([...Buffer.from('a{l="'), 0xbd, ...Buffer.from('"} 1\n')]),
    );
    expect(!bad.ok && bad.errors[0]?.line).toBe(1);
    const commentOnly = parsePromBytes(
      Uint8Array.from([...Buffer.from('# note '), 0xbd, ...Buffer.from('\na 1\n')]),
    );
    expect(commentOnly.ok).toBe(true);
  });
});
