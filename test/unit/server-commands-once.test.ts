/**
 * Commands at most once, never late, through the real path a browser uses: the console
 * server's WebSocket bridge, the app facade, the engine and the journal on the demo fleet.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import { stampCommand } from '../../src-main/core/commands';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';

let dir: string;
let app: RingsideApp;
let server: ConsoleServer;
let ws: WebSocket;
let nextId = 1;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-once-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot: join(dir, 'journals'),
    bakeMs: 600_000,
    demo: { latencyScale: 0.2 },
  });
  server = await startConsoleServer({ api: app, staticDir: dir });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: server.origin,
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
}, 60_000);

afterAll(async () => {
  ws?.close();
  await server?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One call over the bridge; resolves with the wire answer. */
function call(method: string, params: unknown): Promise<{ result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: string };
      if (m.id === id) {
        ws.off('message', onMessage);
        resolve('error' in m ? { error: m.error } : { result: m.result });
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

function journalLines(): Record<string, unknown>[] {
  const [rollout] = readdirSync(join(dir, 'journals'));
  const folder = join(dir, 'journals', rollout ?? '');
  const file = readdirSync(folder).find((f) => f.endsWith('.jsonl')) ?? '';
  return readFileSync(join(folder, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { event: Record<string, unknown> }).event);
}

describe('operator commands over the WebSocket bridge', () => {
  it('runs a start sent twice with one id once; the retry gets the first outcome', async () => {
    const stamp = stampCommand(randomUUID(), Date.now());
    const first = await call('start', { release: '2.4.0', stamp });
    const retry = await call('start', { release: '2.4.0', stamp });
    expect(first).toEqual({ result: null });
    // Without the id, the second start is refused: "the rollout of 2.4.0 is deploying".
    expect(retry).toEqual(first);
    expect(readdirSync(join(dir, 'journals'))).toHaveLength(1);
    const created = journalLines().find((e) => e.type === 'RolloutCreated');
    expect(created?.commandId).toBe(stamp.id);
  });

  it('journals a note sent twice with one id once, marked with the id', async () => {
    const stamp = stampCommand(randomUUID(), Date.now());
    expect(await call('addNote', { text: 'canary looks clean', stamp })).toEqual({ result: null });
    expect(await call('addNote', { text: 'canary looks clean', stamp })).toEqual({ result: null });
    const notes = journalLines().filter((e) => e.type === 'OperatorNote');
    expect(notes).toEqual([
      expect.objectContaining({ text: 'canary looks clean', commandId: stamp.id }),
    ]);
  });

  it('answers a refused command the same way on retry, and runs nothing', async () => {
    const stamp = stampCommand(randomUUID(), Date.now());
    const first = await call('promote', { stamp });
    expect(first.error).toMatch(/^promote: nothing to promote/);
    expect(await call('promote', { stamp })).toEqual(first);
  });

  it('refuses a command past its deadline, saying when it was issued', async () => {
    const issued = Date.now() - 45_000;
    const stamp = stampCommand(randomUUID(), issued);
    const late = await call('pause', { reason: 'clicked while the server was down', stamp });
    const hhmmss = new Date(issued).toISOString().slice(11, 19);
    expect(late.error).toMatch(
      new RegExp(
        `^pause: expired: issued at ${hhmmss} UTC, deadline passed 1[45] s ago; nothing was done$`,
      ),
    );
    expect(journalLines().some((e) => e.type === 'Paused')).toBe(false);
  });

  it('refuses a command that carries no stamp', async () => {
    expect((await call('pause', { reason: 'no id' })).error).toMatch(
      /^pause: invalid params\.stamp/,
    );
  });
});
