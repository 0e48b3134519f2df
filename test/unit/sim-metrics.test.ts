import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src-main/sim/prng';
import { SimHostState } from '../../src-main/sim/sim-host';
import type { ProfileOptions } from '../../src-main/sim/profiles';
import { profileForVersion } from '../../src-main/sim/profiles';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** A strict parser for the subset of text format 0.0.4 the sim emits; throws on anything else. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const sampleRe =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (\S+)$/;
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$/.exec(line);
    const type =
      /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (help?.[1]) {
      helps.add(help[1]);
      continue;
    }
    if (type?.[1] && type[2]) {
      expect(helps.has(type[1]), `HELP before TYPE for ${type[1]}`).toBe(true);
      types.set(type[1], type[2]);
      continue;
    }
    const m = sampleRe.exec(line);
    if (!m?.[1] || m[3] === undefined) {
      throw new Error(`not a valid exposition line: '${line}'`);
    }
    const name = m[1];
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.get(family), `TYPE declared before sample ${name}`).toBeDefined();
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    }
    const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
    expect(Number.isNaN(value), `numeric value in '${line}'`).toBe(false);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

function host(version: string, profiles: ProfileOptions = {}, rps = 100, seed = 1) {
  let now = 1_700_000_000_000;
  const root = createPrng(seed);
  const state = new SimHostState(
    'h1',
    0,
    version,
    { now: () => now, profiles, rps, latencyScale: 0 },
    root.fork(0),
    root.fork(1),
    root.fork(2),
  );
  return { state, advance: (ms: number) => (now += ms) };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find(
    (x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v),
  );
  return s?.value ?? NaN;
}

function errorShare(samples: Sample[]): number {
  const reqs = samples.filter((s) => s.name === 'http_requests_total');
  const total = reqs.reduce((a, s) => a + s.value, 0);
  const errors = reqs
    .filter((s) => (s.labels.code ?? '').startsWith('5'))
    .reduce((a, s) => a + s.value, 0);
  return errors / total;
}

/** Latency quantile from cumulative buckets (upper bound of the bucket holding it). */
function bucketQuantile(samples: Sample[], q: number): number {
  const buckets = samples.filter((s) => s.name === 'http_request_duration_seconds_bucket');
  const total = buckets[buckets.length - 1]?.value ?? 0;
  const hit = buckets.find((b) => b.value >= q * total);
  return Number(hit?.labels.le ?? NaN);
}

describe('sim metrics text', () => {
  it('is valid exposition format with consistent counters and a cumulative histogram', () => {
    const h = host('1.0.0');
    h.advance(60_000);
    const { types, samples } = parseExposition(h.state.metricsText());
    expect(Object.fromEntries(types)).toEqual({
      http_requests_total: 'counter',
      http_request_duration_seconds: 'histogram',
      process_restarts_total: 'counter',
      process_start_time_seconds: 'gauge',
      app_build_info: 'gauge',
    });
    const buckets = samples.filter((s) => s.name === 'http_request_duration_seconds_bucket');
    for (let i = 1; i < buckets.length; i++) {
      expect(buckets[i]?.value).toBeGreaterThanOrEqual(buckets[i - 1]?.value ?? 0);
    }
    expect(buckets[buckets.length - 1]?.labels.le).toBe('+Inf');
    const count = value(samples, 'http_request_duration_seconds_count');
    expect(buckets[buckets.length - 1]?.value).toBe(count);
    const requests = samples
      .filter((s) => s.name === 'http_requests_total')
      .reduce((a, s) => a + s.value, 0);
    expect(requests).toBe(count);
    // 60 s at 100 rps: Poisson(6000), so within ±5 sd.
    expect(Math.abs(count - 6000)).toBeLessThan(400);
    const mean = value(samples, 'http_request_duration_seconds_sum') / count;
    expect(mean).toBeGreaterThan(0.035);
    expect(mean).toBeLessThan(0.06);
    expect(value(samples, 'app_build_info', { version: '1.0.0' })).toBe(1);
    expect(value(samples, 'process_start_time_seconds')).toBe(1_700_000_000);
  });

  it('is reproducible: same seed and clock give the same text', () => {
    const a = host('1.0.0');
    const b = host('1.0.0');
    a.advance(5000);
    b.advance(5000);
    expect(a.state.metricsText()).toBe(b.state.metricsText());
    const c = host('1.0.0', {}, 100, 2);
    c.advance(5000);
    expect(c.state.metricsText()).not.toBe(a.state.metricsText());
  });

  it('escapes label values', () => {
    const h = host('2.0"x\\y\nz');
    const { samples } = parseExposition(h.state.metricsText());
    expect(value(samples, 'app_build_info', { version: '2.0"x\\y\nz' })).toBe(1);
  });

  it('follows the installed version: a bad release serves ~3% 5xx against ~0.5%', () => {
    const h = host('1.0.0');
    h.advance(600_000);
    const good = errorShare(parseExposition(h.state.metricsText()).samples);
    h.state.setVersion('2.0.0-bad');
    h.advance(600_000);
    const bad = errorShare(parseExposition(h.state.metricsText()).samples);
    expect(good).toBeGreaterThan(0.003);
    expect(good).toBeLessThan(0.007);
    expect(bad).toBeGreaterThan(0.025);
    expect(bad).toBeLessThan(0.035);
  });

  it('resets counters on an install (a real counter reset) and moves the start time', () => {
    const h = host('1.0.0');
    h.advance(60_000);
    const before = parseExposition(h.state.metricsText()).samples;
    h.advance(1000);
    h.state.setVersion('1.1.0');
    const after = parseExposition(h.state.metricsText()).samples;
    expect(value(after, 'http_request_duration_seconds_count')).toBe(0);
    expect(value(before, 'http_request_duration_seconds_count')).toBeGreaterThan(0);
    expect(value(after, 'process_start_time_seconds')).toBe(1_700_000_061);
    expect(value(after, 'app_build_info', { version: '1.1.0' })).toBe(1);
    expect(h.state.traffic.restarts).toBe(1);
    expect(h.state.previousVersion).toBe('1.0.0');
  });

  it('latency kind raises p99 by about 30% and crash kind crashes', () => {
    const lat = host('1.0.0', { badKind: 'latency' }, 200);
    lat.advance(600_000);
    const p99Good = bucketQuantile(parseExposition(lat.state.metricsText()).samples, 0.99);
    lat.state.setVersion('bad-1');
    lat.advance(600_000);
    const p99Bad = bucketQuantile(parseExposition(lat.state.metricsText()).samples, 0.99);
    expect(p99Good).toBe(0.2);
    expect(p99Bad).toBe(0.25);
    expect(profileForVersion('bad-1', { badKind: 'latency' }).latency.p99Ms).toBeCloseTo(234, 6);

    const crash = host('bad-2', { badKind: 'crash' });
    crash.advance(60 * 60_000);
    const { samples } = parseExposition(crash.state.metricsText());
    // 0.5 per minute for an hour: Poisson-ish around 41 crashes (rate -ln(0.5)/min).
    expect(value(samples, 'process_restarts_total')).toBeGreaterThan(20);
    expect(value(samples, 'process_start_time_seconds')).toBeGreaterThan(1_700_000_000);
    expect(value(samples, 'http_request_duration_seconds_count')).toBeLessThan(100 * 3600 * 0.2);
  });

  it('changes traffic per host with setRps (a low-traffic canary)', () => {
    const h = host('1.0.0');
    h.advance(10_000);
    h.state.setRps(0);
    const before = value(
      parseExposition(h.state.metricsText()).samples,
      'http_request_duration_seconds_count',
    );
    h.advance(600_000);
    expect(
      value(parseExposition(h.state.metricsText()).samples, 'http_request_duration_seconds_count'),
    ).toBe(before);
    h.state.setRps(0.5);
    h.advance(600_000);
    const after = value(
      parseExposition(h.state.metricsText()).samples,
      'http_request_duration_seconds_count',
    );
    expect(after - before).toBeGreaterThan(200);
    expect(after - before).toBeLessThan(400);
  });

  it('uses a profile passed as data', () => {
    const h = host('3.0.0', {
      profiles: {
        '3.0.0': { ...profileForVersion('1.0.0'), errorRate: 0.5, errorCodes: { '502': 1 } },
      },
    });
    h.advance(60_000);
    const { samples } = parseExposition(h.state.metricsText());
    const share =
      value(samples, 'http_requests_total', { code: '502' }) /
      value(samples, 'http_request_duration_seconds_count');
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });
});
