/**
 * Issue 13 item 7: webhooks. A real HTTP receiver on 127.0.0.1 gets what `ringside run` tells
 * it during a dress rehearsal of the bad demo release (the canary halts and rolls back): each
 * notification acknowledged exactly once, the first one again after a 500, Ringside's JSON
 * and Slack's message shape; the URLs (secrets: a Slack webhook's path is its credential)
 * never reach the journal or the output; a receiver that never answers does not hold the run
 * up; a bad URL is one line.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

interface Received {
  readonly path: string;
  readonly key: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const dir = mkdtempSync(join(tmpdir(), 'ringside-webhooks-'));
const received: Received[] = [];
let server: Server;
let base = '';
/** Requests to /hang/ are never answered (until the test ends). */
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/hang/')) {
        hanging.push(res);
        return;
      }
      // The very first notification meets a failing receiver, once.
      const status = received.length === 0 ? 500 : 200;
      received.push({
        path: req.url ?? '',
        key: String(req.headers['idempotency-key'] ?? ''),
        status,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  for (const res of hanging) {
    res.destroy();
  }
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('webhooks from ringside run', () => {
  it('tells each receiver once about the halt, the failed gate and the rollback, after a 500 too', async () => {
    const journal = join(dir, 'bad');
    const run = await runCliCaptured(
      ['run', 'examples/demo-bad.yaml', '--sim', '--auto-promote', '--journal', journal],
      {
        env: {
          RINGSIDE_WEBHOOK_URL: `${base}/json/JSONSECRET-abc`,
          RINGSIDE_SLACK_WEBHOOK_URL: `${base}/services/T000/B000/SLACKSECRET-xyz`,
        },
      },
    );
    expect(run.code, run.err.join('\n')).toBe(4);

    const ok = received.filter((r) => r.status === 200);
    // Exactly once each (per receiver), by the key a receiver dedupes on.
    for (const prefix of ['/json/', '/services/']) {
      const keys = ok.filter((r) => r.path.startsWith(prefix)).map((r) => r.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
    // The 500 was retried with the same key and body, and then acknowledged.
    const first = received[0]!;
    expect(first.status).toBe(500);
    const again = received.filter((r) => r.key === first.key && r.path === first.path);
    expect(again.map((r) => r.status)).toEqual([500, 200]);
    expect(again[1]!.body).toEqual(first.body);

    const json = ok.filter((r) => r.path.startsWith('/json/')).map((r) => r.body);
    const kinds = json.map((b) => b.kind);
    expect(kinds).toContain('halt');
    expect(kinds).toContain('gate-failed');
    expect(kinds).toContain('rolled-back');
    expect(kinds).not.toContain('completed');
    const halt = json.find((b) => b.kind === 'halt')!;
    expect(halt).toMatchObject({
      title: 'Rollout halted',
      release: { name: 'web', version: '2.4.1-bad' },
      ring: 'canary',
    });
    expect(String(halt.text)).toMatch(/^Ring canary halted: /);
    expect(json.find((b) => b.kind === 'rolled-back')!.text).toBe(
      'web 2.4.1-bad was rolled back: its hosts are back on 2.3.9.',
    );

    const slack = ok.filter((r) => r.path.startsWith('/services/')).map((r) => r.body);
    expect(slack.length).toBe(json.length);
    for (const m of slack) {
      expect(typeof m.text).toBe('string');
      expect(Array.isArray(m.blocks)).toBe(true);
    }
    expect(slack.map((m) => m.text)).toContain(`Rollout halted: ${String(halt.text)}`);

    // The URLs are secrets: not in the journal, its telemetry, or anything printed.
    const stored = filesUnder(journal)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const printed = [...run.out, ...run.err].join('\n');
    for (const secret of ['JSONSECRET', 'SLACKSECRET']) {
      expect(stored).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
  });

  it('does not hold a rollout up for a receiver that never answers', async () => {
    const planFile = join(dir, 'small.yaml');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        planFile,
        `release: { name: api, version: 1.1.0, previous: 1.0.0 }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid, labels: { zone: a } }
    - { name: h2, address: h2.test.invalid, labels: { zone: b } }
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 1 }, bake: 0s }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
`,
      ),
    );
    const run = await runCliCaptured(
      ['run', planFile, '--sim', '--auto-promote', '--journal', join(dir, 'small')],
      { env: { RINGSIDE_WEBHOOK_URL: `${base}/hang/HANGSECRET` } },
    );
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(hanging.length).toBeGreaterThan(0);
    const printed = [...run.out, ...run.err].join('\n');
    expect(printed).toMatch(
      /warning: webhook 127\.0\.0\.1:\d+: "Rollout completed" not delivered \(Ringside stopped waiting\)/,
    );
    expect(printed).not.toContain('HANGSECRET');
  });

  it('refuses a URL that is not http(s) in one line, before anything runs', async () => {
    const journal = join(dir, 'refused');
    const run = await runCliCaptured(['run', 'examples/demo.yaml', '--sim', '--journal', journal], {
      env: { RINGSIDE_SLACK_WEBHOOK_URL: 'https://hooks.example/ok ftp://files.example/SECRET' },
    });
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      'ringside run: RINGSIDE_SLACK_WEBHOOK_URL (URL 2 of 2): expected an http:// or https:// URL (got ftp:)',
    ]);
    expect(existsSync(journal)).toBe(false);
  });
});
