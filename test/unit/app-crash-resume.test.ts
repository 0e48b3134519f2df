import { randomUUID } from 'node:crypto';
import { isCommandKind, stampCommand } from '../../src-main/core/commands';
/**
 * A real crash: `ringside serve --demo` runs in a child process, a rollout is started over
 * its WebSocket bridge, and the child is killed with SIGKILL mid-ring (no close, no cleanup:
 * the journal lock is left behind by a dead process, steps are cut). A new console on the
 * same journal root takes over the stale lock, recovers the rollout and drives it to the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createRingsideApp, noTelemetry, type RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { loadJournal } from '../../src-main/adapters/journal';
import { findUnfinishedRollout } from '../../src-main/app/journal-resume';
import { readWorkspaceHistory } from '../../src-main/app/rollout-history';

const dir = mkdtempSync(join(tmpdir(), 'ringside-crash-'));
const journalRoot = join(dir, 'journals');
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ringside</title>');
let child: ChildProcess | null = null;
let app: RingsideApp | null = null;

afterAll(async () => {
  child?.kill('SIGKILL');
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `ringside serve --demo` and resolves with the URL it prints. */
function serve(): Promise<string> {
  const cli = join(import.meta.dirname, '../../src-main/cli/bin.ts');
  const c = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      'serve',
      '--demo',
      '--static',
      dir,
      '--journal',
      journalRoot,
      '--bake',
      '1s',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  child = c;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    c.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m.exec(out)?.[0];
      if (url) {
        resolve(url);
      }
    });
    c.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) => reject(new Error(`ringside serve exited with ${code}: ${err}`)));
  });
}

/** A minimal client of the bridge's wire format: calls by id, results by id. */
async function bridge(url: string) {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws${u.search}`, { origin: u.origin });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let next = 1;
  const waiting = new Map<number, (m: { result?: unknown; error?: string }) => void>();
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { id?: number; result?: unknown; error?: string };
    if (m.id !== undefined) {
      waiting.get(m.id)?.(m);
    }
  });
  return {
    call: (method: string, params: unknown = {}) =>
      new Promise<unknown>((resolve, reject) => {
        const id = next++;
        waiting.set(id, (m) =>
          m.error !== undefined ? reject(new Error(m.error)) : resolve(m.result),
        );
        // Commands on the wire carry the stamp a real client makes when the person acts.
        const sent = isCommandKind(method)
          ? { ...(params as object), stamp: stampCommand(randomUUID(), Date.now()) }
          : params;
        ws.send(JSON.stringify({ id, method, params: sent }));
      }),
    close: () => ws.terminate(),
  };
}

describe('a console killed mid-rollout', () => {
  it('is resumed by the next console on the same journal root and runs to the end', async () => {
    const url = await serve();
    const remote = await bridge(url);
    await remote.call('start', { release: '2.4.0' });
    for (let i = 0; ; i++) {
      const s = (await remote.call('getSnapshot')) as ConsoleSnapshot;
      if (s.hosts.some((h) => h.state === 'done') && s.hosts.some((h) => h.state === 'deploying')) {
        break;
      }
      if (i > 600) {
        throw new Error(`the canary never got going: rollout is ${s.rollout.status}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    remote.close();

    const before = await findUnfinishedRollout(
      (
        await readWorkspaceHistory(
          journalRoot,
          (plan) => plan,
          () => {},
        )
      ).rollouts,
      () => {},
    );
    expect(before?.state.status).toBe('running');

    const logs: string[] = [];
    app = await createRingsideApp({
      workspace: { demo: true },
      journalRoot,
      bakeMs: 1000,
      telemetry: noTelemetry,
      demo: { latencyScale: 0.3 },
      log: (l) => logs.push(l),
    });
    const a = app;
    expect(logs.join('\n')).toMatch(/took over the stale lock/);
    expect(logs.join('\n')).toMatch(/resumed the deploying rollout of web 2\.4\.0/);
    for (let i = 0; ; i++) {
      const s = await a.getSnapshot();
      if (s.rollout.status === 'done') {
        expect(s.hosts.every((h) => h.state === 'done' && h.version === '2.4.0')).toBe(true);
        break;
      }
      if (i > 1200) {
        throw new Error(`the resumed rollout never finished: it is ${s.rollout.status}`);
      }
      if (s.rollout.status === 'waitingPromotion') {
        await a.promote({ override: { reason: 'no telemetry in this test' } }).catch(() => {});
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // Nothing journaled before the kill was lost: the resumed journal starts with it.
    const loaded = await loadJournal<RolloutEvent>(before?.journalPath ?? '', {
      parseEvent: parseRolloutEvent,
    });
    const after = loaded.ok ? loaded.records.map((r) => r.event) : [];
    expect(after.slice(0, before?.events.length ?? 0)).toEqual(before?.events);
    expect(after.some((e) => e.type === 'RolloutCompleted')).toBe(true);
  });
});
