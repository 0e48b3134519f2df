/** OpenMetrics text: families by their suffixes, units, timestamps, exemplars, and where errors are. */
import { describe, expect, it } from 'vitest';
import { parseOpenMetricsBytes } from '../../src-main/core/telemetry/openmetrics-text';

const parse = (s: string) => parseOpenMetricsBytes(new TextEncoder().encode(s));

describe('OpenMetrics text', () => {
  it('groups every type’s samples under the family its # TYPE names', () => {
    const r = parse(
      [
        '# TYPE req counter',
        '# UNIT req_seconds seconds',
        'req_total 3 1.5',
        'req_created 1',
        '# TYPE lat_seconds histogram',
        '# UNIT lat_seconds seconds',
        'lat_seconds_bucket{le="0.1"} 1 # {trace_id="t"} 0.05 2',
        'lat_seconds_bucket{le="+Inf"} 2',
        'lat_seconds_count 2',
        'lat_seconds_sum 0.3',
        'lat_seconds_created 1',
        '# TYPE q gaugehistogram',
        'q_bucket{le="+Inf"} 4',
        'q_gcount 4',
        'q_gsum 9',
        '# TYPE build info',
        'build_info{version="2.10"} 1',
        '# TYPE mode stateset',
        'mode{mode="on"} 1',
        '# TYPE s summary',
        's{quantile="0.5"} 1',
        's_count 1',
        '# TYPE t gauge',
        't NaN',
        '# TYPE u unknown',
        'u -Inf',
        '# EOF',
      ].join('\n'),
    );
    expect(
      r.ok ? r.families.map((f) => [f.name, f.type, f.unit ?? '', f.samples.length]) : r,
    ).toEqual([
      ['req', 'counter', '', 2],
      ['req_seconds', 'unknown', 'seconds', 0],
      ['lat_seconds', 'histogram', 'seconds', 5],
      ['q', 'gaugehistogram', '', 3],
      ['build', 'info', '', 1],
      ['mode', 'stateset', '', 1],
      ['s', 'summary', '', 2],
      ['t', 'gauge', '', 1],
      ['u', 'unknown', '', 1],
    ]);
    expect(r.ok && r.samples[0]).toEqual({
      name: 'req_total',
      labels: {},
      value: 3,
      timestampMs: 1500,
    });
  });
  it('reads quoted names and NUL in label values as Prometheus does', () => {
    const r = parse('{"my.metric",a="x\\"y\\n\0"} 1\n# EOF');
    expect(r.ok && r.samples).toEqual([{ name: 'my.metric', labels: { a: 'x"y\n\0' }, value: 1 }]);
  });
  it.each([
    ['a 1\n\n# EOF\n', 2, 1, 'empty line'],
    ['a{b="c",b="d"} 1\n# EOF\n', 1, 9, 'duplicate label b'],
    ['a{__name__="b"} 1\n# EOF\n', 1, 3, 'reserved'],
    ['# TYPE a counter\na_total 1 1e400\n# EOF\n', 2, 11, 'timestamp'],
    ['a 1\n# EOF\n# EOF\n', 3, 1, 'after "# EOF"'],
    ['# HELP a x\n# comment\n', 2, 1, 'no other comments'],
    ['a_total 1 # {b="\0x"} 1\n# EOF\n', 1, 17, 'NUL'],
  ])('refuses %j at %i:%i (%s)', (text, line, column, what) => {
    const r = parse(text);
    expect(r.ok ? 'accepted' : r.errors[0]).toMatchObject({ line, column });
    expect(r.ok ? '' : r.errors[0]?.message).toContain(what);
  });
});
