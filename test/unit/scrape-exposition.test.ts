/**
 * A scrape reads the bytes a real HTTP server sent, with the parser its Content-Type names,
 * as Prometheus does: OpenMetrics for `application/openmetrics-text`, the text format for
 * `text/plain`; invalid UTF-8 is a parse error, never a replacement character.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeTarget } from '../../src-main/adapters/telemetry/scrape';

const bodies: Record<string, { type: string; body: Buffer }> = {
  '/om': {
    type: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
    body: Buffer.from(
      '# TYPE req counter\n# HELP req Requests.\nreq_total{code="200"} 41 1700000000.5 # {trace_id="x"} 1.0 1700000000\nreq_created{code="200"} 1699990000\n# EOF\n',
    ),
  },
  '/om-no-eof': {
    type: 'application/openmetrics-text; version=1.0.0',
    body: Buffer.from('req_total 1\n'),
  },
  '/om-as-text': {
    type: 'text/plain; version=0.0.4',
    body: Buffer.from('req_total 1 # {trace_id="x"} 1.0\n'),
  },
  '/bad-utf8': {
    type: 'text/plain; version=0.0.4',
    body: Buffer.concat([
      Buffer.from('req_total{path="/a'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"} 1\n'),
    ]),
  },
  '/bad-utf8-om': {
    type: 'application/openmetrics-text; version=1.0.0',
    body: Buffer.concat([
      Buffer.from('req_total{path="'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"} 1\n# EOF\n'),
    ]),
  },
  '/no-type': { type: '', body: Buffer.from('req_total 3\n') },
};

let server: Server;
let base = '';
let seen: IncomingHttpHeaders = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    seen = req.headers;
    const b = bodies[req.url ?? ''];
    if (b === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, b.type === '' ? {} : { 'content-type': b.type });
    res.end(b.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

const scrape = (path: string) =>
  scrapeTarget({ host: 'h1', url: `${base}${path}` }, { timeoutMs: 5000 });

describe('scrape: the parser by Content-Type, over bytes', () => {
  it('asks for OpenMetrics first, then the text format, as Prometheus does', async () => {
    await scrape('/no-type');
    expect(seen.accept).toBe(
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    );
  });
  it('reads OpenMetrics: _total in its counter family, seconds as ms, the exemplar ignored', async () => {
    const r = await scrape('/om');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.samples).toEqual([
        { name: 'req_total', labels: { code: '200' }, value: 41, timestampMs: 1700000000500 },
        { name: 'req_created', labels: { code: '200' }, value: 1699990000 },
      ]);
      expect(r.families.map((f) => [f.name, f.type, f.help, f.samples.length])).toEqual([
        ['req', 'counter', 'Requests.', 2],
      ]);
    }
  });
  it('refuses OpenMetrics without # EOF, and an exemplar sent as text/plain', async () => {
    const a = await scrape('/om-no-eof');
    expect(a.ok ? 'accepted' : a.error.message).toMatch(/line 2 column 1: .*# EOF/);
    const b = await scrape('/om-as-text');
    expect(b.ok ? 'accepted' : b.error.kind).toBe('parse');
  });
  it('refuses invalid UTF-8 in a label value, in either format, with line and column', async () => {
    const a = await scrape('/bad-utf8');
    expect(a.ok ? 'accepted' : a.error.message).toMatch(/line 1 column \d+: invalid UTF-8/);
    const b = await scrape('/bad-utf8-om');
    expect(b.ok ? 'accepted' : b.error.message).toMatch(/line 1 column 17: invalid UTF-8/);
  });
  it('reads a body without Content-Type as the text format (Prometheus 2, or 3 with its fallback)', async () => {
    const r = await scrape('/no-type');
    expect(r.ok ? r.samples : r.error).toEqual([{ name: 'req_total', labels: {}, value: 3 }]);
  });
});
