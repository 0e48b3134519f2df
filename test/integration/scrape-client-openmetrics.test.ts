/**
 * A real client library as the exposition source: Debian's python3-prometheus-client serves
 * /metrics and answers a scrape's Accept header with OpenMetrics (exemplars, `# EOF`,
 * `_created`), or the text format when only that is asked. Ringside reads both as the values
 * the program set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchText } from '../../src-main/adapters/telemetry/http-text';
import { scrapeTarget } from '../../src-main/adapters/telemetry/scrape';
import { expositionFormat, parseExposition } from '../../src-main/core/telemetry/exposition';
import { freePort } from '../helpers/prometheus';

const PYTHON = '/usr/bin/python3';
const program = String.raw`
import sys, time
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, Enum, start_http_server
r = CollectorRegistry()
c = Counter('app_requests', 'Requests served.', ['code'], registry=r)
c.labels('200').inc(41)
c.labels('500').inc(1)
h = Histogram('app_latency_seconds', 'Latency.', buckets=[0.1, 1.0], registry=r)
h.observe(0.05, exemplar={'trace_id': 'abc'})
h.observe(0.5)
Gauge('app_queue', 'Queue "depth"\nnow.', registry=r).set(-2.5)
Info('app_build', 'Build.', registry=r).info({'version': '2.10'})
Enum('app_state', 'State.', states=['up', 'down'], registry=r).state('up')
start_http_server(int(sys.argv[1]), addr='127.0.0.1', registry=r)
print('ready', flush=True)
time.sleep(600)
`;

let child: ChildProcess;
let url = '';
beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/metrics`;
  child = spawn(PYTHON, ['-c', program, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
    child.on('exit', (code) => fail(new Error(`python exited ${code}: ${err}`)));
  });
}, 30_000);
afterAll(() => {
  child?.kill('SIGTERM');
});

const value = (
  samples: readonly { name: string; labels: Record<string, string>; value: number }[],
  name: string,
  labels: Record<string, string> = {},
) =>
  samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;

describe('prometheus_client (Python) as a scrape target', () => {
  it('answers the scrape in OpenMetrics, which Ringside reads as the values set', async () => {
    const raw = await fetchText(url, {
      timeoutMs: 10_000,
      headers: { accept: 'application/openmetrics-text;version=1.0.0,*/*;q=0.1' },
    });
    expect(raw.ok && expositionFormat(raw.contentType)).toBe('openmetrics');
    expect(raw.ok && raw.body).toContain('# {trace_id="abc"} 0.05');
    const r = await scrapeTarget({ host: 'py', url }, { timeoutMs: 10_000 });
    expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    if (!r.ok) {
      return;
    }
    expect({
      ok: value(r.samples, 'app_requests_total', { code: '200' }),
      failed: value(r.samples, 'app_requests_total', { code: '500' }),
      fast: value(r.samples, 'app_latency_seconds_bucket', { le: '0.1' }),
      count: value(r.samples, 'app_latency_seconds_count'),
      queue: value(r.samples, 'app_queue'),
      build: r.samples.find((s) => s.name === 'app_build_info')?.labels.version,
      state: value(r.samples, 'app_state', { app_state: 'up' }),
      created: r.samples.some((s) => s.name === 'app_requests_created'),
    }).toEqual({
      ok: 41,
      failed: 1,
      fast: 1,
      count: 2,
      queue: -2.5,
      build: '2.10',
      state: 1,
      created: true,
    });
    expect(Object.fromEntries(r.families.map((f) => [f.name, f.type]))).toMatchObject({
      app_requests: 'counter',
      app_latency_seconds: 'histogram',
      app_queue: 'gauge',
      app_build: 'info',
      app_state: 'stateset',
    });
    expect(r.families.find((f) => f.name === 'app_queue')?.help).toBe('Queue "depth"\nnow.');
  });
  it('answers in the text format when only that is asked, with the same values', async () => {
    const raw = await fetchText(url, { timeoutMs: 10_000, headers: { accept: 'text/plain' } });
    expect(raw.ok && expositionFormat(raw.contentType)).toBe('prometheus-text');
    const r = raw.ok ? parseExposition(raw.bytes, raw.contentType) : undefined;
    expect(r?.ok ? 'ok' : r?.errors[0]).toBe('ok');
    if (r?.ok !== true) {
      return;
    }
    expect({
      ok: value(r.samples, 'app_requests_total', { code: '200' }),
      fast: value(r.samples, 'app_latency_seconds_bucket', { le: '0.1' }),
      queue: value(r.samples, 'app_queue'),
      build: r.samples.find((s) => s.name === 'app_build_info')?.labels.version,
    }).toEqual({ ok: 41, fast: 1, queue: -2.5, build: '2.10' });
  });
});
