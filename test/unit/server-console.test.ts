import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';

const now = () => Date.UTC(2026, 10, 26, 8, 0, 0);
let dir: string;
let server: ConsoleServer;
let fixture: FixtureApi;

/** Raw GET: the path goes out exactly as written (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path,
          headers: { host: `127.0.0.1:${server.port}`, ...headers },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

function connect(query: string, origin: string | undefined) {
  return new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, origin ? { origin } : {});
}

function refusal(ws: WebSocket) {
  return new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-server-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ringside</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'ringside-secret.txt'), 'secret');
  fixture = createFixtureApi({ now });
  server = await startConsoleServer({ api: fixture.api, staticDir: dir });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'ringside-secret.txt'), { force: true });
});

describe('console server: HTTP', () => {
  it('prints a 127.0.0.1 URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });
  it('serves the page with the token, security headers and a cookie for assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Ringside</title>');
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });
  it('refuses no token (401), a wrong token (403) and a foreign Host (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(403);
    expect((await get('/', { cookie: `ringside_token_${server.port}=nope` })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { host: 'evil.example:80' })).status).toBe(403);
  });
  it('refuses path traversal, plain and percent-encoded', async () => {
    const t = `?token=${server.token}`;
    for (const path of [
      '/../ringside-secret.txt',
      '/%2e%2e/ringside-secret.txt',
      '/assets/..%2f..%2fringside-secret.txt',
      '/..%5cringside-secret.txt',
    ]) {
      const res = await get(path + t);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('secret\n');
    }
    expect((await get('/%E0%A4%A' + t)).status).toBe(400);
    expect((await get('/missing.js' + t)).status).toBe(404);
  });
});

describe('console server: WebSocket bridge', () => {
  it('refuses an upgrade without token, with a wrong token, or from another Origin', async () => {
    expect(await refusal(connect('', server.origin))).toBe(401);
    expect(await refusal(connect('?token=nope', server.origin))).toBe(403);
    expect(await refusal(connect(`?token=${server.token}`, 'http://evil.example'))).toBe(403);
    expect(await refusal(connect(`?token=${server.token}`, undefined))).toBe(403);
  });
  it('round-trips a call, refuses a bad payload by field, and forwards a push', async () => {
    const ws = connect(`?token=${server.token}`, server.origin);
    const messages: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (d: Buffer) => {
      messages.push(JSON.parse(d.toString()) as Record<string, unknown>);
      waiters.splice(0).forEach((w) => w());
    });
    await new Promise((r) => ws.once('open', r));
    const until = async (pred: (m: Record<string, unknown>) => boolean) => {
      while (!messages.some(pred)) {
        await new Promise<void>((r) => waiters.push(r));
      }
      return messages.find(pred);
    };
    ws.send(JSON.stringify({ id: 1, method: 'getSnapshot', params: {} }));
    const snap = (await until((m) => m.id === 1)) as {
      result: { workspace: { name: string }; revision: number };
    };
    expect(snap.result.workspace.name).toBe('demo');

    ws.send(JSON.stringify({ id: 2, method: 'pause', params: { reason: 7 } }));
    expect(await until((m) => m.id === 2)).toEqual({
      id: 2,
      error: expect.stringMatching(/^pause: invalid params\.reason/),
    });

    ws.send('{not json');
    expect(await until((m) => m.id === -1)).toEqual({
      id: -1,
      error: 'bridge: message is not valid JSON',
    });

    fixture.hub.emit('onLogLine', {
      at: 1,
      ring: 'canary',
      host: 'web-01',
      line: 'boom',
      signature: null,
    });
    expect(await until((m) => m.push === 'onLogLine')).toMatchObject({ payload: { line: 'boom' } });

    // Commands on the wire carry their stamp (an id and a deadline, made when the person acted).
    const stamp = () => ({ id: randomUUID(), issuedAt: Date.now(), deadline: Date.now() + 30_000 });
    ws.send(
      JSON.stringify({
        id: 3,
        method: 'addNote',
        params: { text: 'checked dashboards', stamp: stamp() },
      }),
    );
    expect(await until((m) => m.id === 3)).toEqual({ id: 3, result: null });
    // The page fetched a snapshot on this socket: even the first push is a patch against it,
    // and the next one a patch against that (never the whole fleet again on connecting).
    expect(await until((m) => m.push === 'onSnapshot')).toHaveProperty(
      'patch.baseRevision',
      snap.result.revision,
    );
    ws.send(
      JSON.stringify({ id: 4, method: 'addNote', params: { text: 'second note', stamp: stamp() } }),
    );
    const firstPush = messages.find((m) => m.push === 'onSnapshot');
    const patched = (await until(
      (m) => m.push === 'onSnapshot' && 'patch' in m && m !== firstPush,
    )) as {
      patch: { changed: unknown[]; rest: { timeline: { text: string }[] } };
    };
    expect(patched.patch.changed).toEqual([]);
    expect(patched.patch.rest.timeline.at(-1)?.text).toBe('second note');
    ws.close();
    await new Promise((r) => ws.once('close', r));
  });
});
