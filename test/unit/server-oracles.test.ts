/**
 * Issue 10 item 4: over the WebSocket, `openWorkspace({planPath})` read any file and echoed
 * its content in the error (a line of /etc/shadow), and `testPrometheus` fetched any URL and
 * echoed 200 characters of its body. Now a console opens only the plans the person chose
 * (its start plan, recent ones, a dialog pick, the examples), errors name the path and never
 * the content, and the Prometheus test reports status and parse outcome only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import { createPlanAccess } from '../../src-main/app/plan-access';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';

const root = join(import.meta.dirname, '../..');
let dir: string;
let app: RingsideApp;
let server: ConsoleServer;
let http: Server;
let ws: WebSocket;
let nextId = 1;

const SHADOW = 'root:$6$SECRETHASH$abcdefgh:19000:0:99999:7:::\n  bad: [unclosed';

const plan = `release: { name: web, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid, labels: { zone: a } }
domains: { byLabel: zone }
rings:
  - { name: all, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
`;

function call(method: string, params: unknown): Promise<{ result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: unknown; error?: string };
      if (m.id === id) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-oracle-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'plan.yaml'), plan);
  writeFileSync(join(dir, 'shadow'), SHADOW);
  writeFileSync(join(dir, 'other.yaml'), SHADOW);
  app = await createRingsideApp({
    workspace: { planPath: join(dir, 'plan.yaml') },
    journalRoot: join(dir, 'journals'),
    planAccess: createPlanAccess([], [join(root, 'examples')]),
  });
  server = await startConsoleServer({ api: app, staticDir: join(dir, 'static') });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: server.origin,
  });
  await new Promise((r) => ws.once('open', r));

  http = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/e500')) {
      res.writeHead(500).end('SECRET-BODY-500');
    } else if (url.startsWith('/text')) {
      res.writeHead(200).end('SECRET-BODY-200 not json');
    } else if (url.startsWith('/json/api/v1/query')) {
      res.writeHead(200).end(JSON.stringify({ status: 'SECRET-STATUS' }));
    } else if (url.startsWith('/ok/api/v1/status/buildinfo')) {
      res.writeHead(200).end(JSON.stringify({ data: { version: 'SECRET line of a file' } }));
    } else {
      res.writeHead(200).end(JSON.stringify({ status: 'success', data: {} }));
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  ws?.close();
  await server?.close();
  await app?.close();
  http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('no file oracle: openWorkspace', () => {
  it('refuses a file nobody chose, naming the path and never its content', async () => {
    for (const p of [join(dir, 'shadow'), join(dir, 'other.yaml'), '/etc/shadow', '/etc/passwd']) {
      const r = await call('openWorkspace', { planPath: p });
      expect(r.error).toContain(p);
      expect(r.error).toContain('is not a plan this console may open');
      expect(r.error).not.toContain('SECRETHASH');
      expect(r.error).not.toContain('root:');
    }
  });

  it('refuses a symlink under an allowed directory that points elsewhere', async () => {
    const { symlinkSync } = await import('node:fs');
    const link = join(root, 'examples', `oracle-link-${process.pid}.yaml`);
    symlinkSync(join(dir, 'shadow'), link);
    try {
      const r = await call('openWorkspace', { planPath: link });
      expect(r.error).toContain('is not a plan this console may open');
      expect(r.error).not.toContain('SECRETHASH');
    } finally {
      rmSync(link);
    }
  });

  it('opens its own plan and the examples', async () => {
    expect((await call('openWorkspace', { planPath: join(dir, 'plan.yaml') })).error).toBe(
      undefined,
    );
    const r = await call('openWorkspace', { planPath: join(root, 'examples', 'demo.yaml') });
    expect(r.error).toBe(undefined);
  });

  it('opens a plan the person picked in the dialog (allowPlan)', async () => {
    const picked = join(dir, 'picked.yaml');
    writeFileSync(picked, plan);
    expect((await call('openWorkspace', { planPath: picked })).error).toMatch(/may open/);
    app.allowPlan(picked);
    expect((await call('openWorkspace', { planPath: picked })).error).toBe(undefined);
  });
});

describe('no URL oracle: testPrometheus', () => {
  it('reports status and parse outcome, never body text', async () => {
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const e500 = await call('testPrometheus', { url: `${base}/e500` });
    const text = await call('testPrometheus', { url: `${base}/text` });
    const json = await call('testPrometheus', { url: `${base}/json` });
    const ok = await call('testPrometheus', { url: `${base}/ok` });
    const results = [e500, text, json, ok].map((r) => JSON.stringify(r));
    expect(results.filter((r) => r.includes('SECRET'))).toEqual([]);
    expect(JSON.stringify(e500)).toContain('HTTP 500 (expected 200)');
    expect(JSON.stringify(text)).toContain('expected JSON from the Prometheus API');
    expect(ok.result).toMatchObject({ ok: true, version: null });
    const file = await call('testPrometheus', { url: 'file:///etc/shadow' });
    expect(file.error).toBeDefined();
    expect(JSON.stringify(file)).not.toContain('root:');
  });
});
