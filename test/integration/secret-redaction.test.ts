/**
 * Issue 10 item 2: a bearer token reached the journal, `run`'s output and every export when
 * Prometheus (or a proxy in front of it) echoed the rejected credential in its error body.
 * A real HTTP server on 127.0.0.1 plays that Prometheus: it answers 401 and 500 with the
 * Authorization header echoed as is, URL-encoded, JSON-escaped and in base64.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const TOKEN = 'tok-S3cr3t/+=value"x';
const forms = [
  TOKEN,
  encodeURIComponent(TOKEN),
  JSON.stringify(TOKEN).slice(1, -1),
  Buffer.from(TOKEN).toString('base64'),
];

const dir = mkdtempSync(join(tmpdir(), 'ringside-redact-'));
let server: Server;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const auth = String(req.headers.authorization ?? '');
    const echo = `rejected credential ${auth} (url ${encodeURIComponent(auth)}, json ${JSON.stringify(auth)}, b64 ${Buffer.from(auth.replace(/^Bearer /, '')).toString('base64')})`;
    if (requests % 2 === 1) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end(echo);
    } else {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'error', errorType: 'internal', error: echo }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(url: string): string {
  return `release: { name: web, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid, labels: { zone: a } }
    - { name: h2, address: h2.test.invalid, labels: { zone: b } }
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 1 }, bake: 3s, gates: [errors] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
telemetry:
  sources:
    - { name: prom, kind: prometheus, url: '${url}', interval: 1s, tokenEnv: PROM_TOKEN, instancePort: 9100 }
  metrics:
    - name: error_rate
      source: prom
      kind: promql
      query: 'sum(rate(http_requests_total{code=~"5..",instance=~"{{ring.instances}}"}[1m]))'
gates:
  - { name: errors, metric: error_rate, kind: threshold, op: '<', limit: 0.05, window: 2s }
`;
}

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const leaks = (text: string): string[] => forms.filter((f) => text.includes(f));

describe('a token echoed by Prometheus is redacted at every boundary', () => {
  it('journal, run output (verbose) and the four exports hold no form of the token', async () => {
    const { port } = server.address() as AddressInfo;
    const planFile = join(dir, 'plan.yaml');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(planFile, plan(`http://127.0.0.1:${port}`)),
    );
    const journal = join(dir, 'journal');
    const env = { PROM_TOKEN: TOKEN };
    const run = await runCliCaptured(
      [
        'run',
        planFile,
        '--sim',
        '--auto-promote',
        '--until',
        'end',
        '--verbose',
        '--journal',
        journal,
      ],
      { cwd: dir, env },
    );
    expect(requests).toBeGreaterThan(0);
    const runText = [...run.out, ...run.err].join('\n');
    // The echo did reach the output, redacted.
    expect(runText).toContain('[redacted]');
    expect(leaks(runText)).toEqual([]);

    const journalText = filesUnder(journal)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(journalText).toContain('rejected credential');
    expect(leaks(journalText)).toEqual([]);

    for (const format of ['md', 'json', 'csv', 'html']) {
      const out = join(dir, `timeline.${format}`);
      const t = await runCliCaptured(['timeline', journal, '--format', format, '--out', out], {
        cwd: dir,
        env,
      });
      expect(t.code, t.err.join('\n')).toBe(0);
      expect(leaks(readFileSync(out, 'utf8')), format).toEqual([]);
      const shown = await runCliCaptured(['timeline', journal, '--format', format], {
        cwd: dir,
        env,
      });
      expect(leaks(shown.out.join('\n')), format).toEqual([]);
    }
  }, 120_000);
});
