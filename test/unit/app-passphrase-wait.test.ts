/**
 * Issue 10 finding 7, reproduced through the console against real SSH servers (the simulated
 * fleet's ssh2 servers on 127.0.0.x): a passphrase typed wrong every time, with "remember"
 * on, failed the host, halted a zero-budget ring, and (before 1f40667) stayed in the secret
 * store. Now nothing is stored, the hosts wait for a key passphrase (not failed, the ring not
 * halted, said in plain words), and asking again lets the rollout finish. No phrase tried,
 * wrong or right, reaches a snapshot, the log, the journal or an export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RingsideApp } from '../../src-main/app';
import {
  exportFormats,
  type ConsoleSnapshot,
  type PassphraseRequest,
} from '../../src-main/core/contract';
import type { KeyPair } from '../helpers/sshd';
import { startLockedKeyConsole, type LockedKeyConsole } from '../helpers/locked-key-console';

const PHRASE = 'Correct-Horse-Battery-9';
const TYPOS = ['Correct-Horse-Battery-8', 'Correct-Horse-Battery-7', 'Correct-Horse-Batery-9'];
let c: LockedKeyConsole;
let dir: string;
let key: KeyPair;
let app: RingsideApp;
let stored: Map<string, string>;
let requests: PassphraseRequest[];
let snapshots: ConsoleSnapshot[];
let logs: string[];
let until: LockedKeyConsole['until'];
let filesUnder: LockedKeyConsole['filesUnder'];

beforeAll(async () => {
  c = await startLockedKeyConsole({
    prefix: 'ringside-app-passphrase-wait-',
    phrase: PHRASE,
    seed: 11,
    ring: 'budget: { perDomain: 0, ring: 0 }',
  });
  ({ dir, key, app, stored, requests, snapshots, logs, until, filesUnder } = c);
});

afterAll(async () => {
  await c?.close();
});

describe('a passphrase mistyped every time, with remember on (finding 7)', () => {
  it('stores nothing, asks again, and leaves the host waiting: not failed, the ring not halted', async () => {
    await app.start();
    for (const [i, typo] of TYPOS.entries()) {
      const r = await until(`request ${i + 1}`, async () => requests[i]);
      expect(r.note).toBe(
        i === 0
          ? null
          : `wrong passphrase for ${key.privateKeyPath}, try again (attempt ${i} of 3)`,
      );
      await expect(
        app.providePassphrase({ id: r.id, passphrase: typo, remember: true }),
      ).resolves.toBe(true);
    }
    // One host at a time (the plan's concurrency): the waiting host keeps its slot, as one
    // waiting for a host-key approval does, so web-2 has not started.
    const waiting = await until('web-1 to wait for the passphrase', async () => {
      const s = await app.getSnapshot();
      return s.hosts[0]?.state === 'needsPassphrase' ? s : undefined;
    });
    expect(stored.size).toBe(0);
    expect(waiting.rollout.status).toBe('running');
    expect(waiting.rings[0]?.counts).toMatchObject({ failed: 0, needsPassphrase: 1, pending: 1 });
    expect(waiting.halt).toBe(null);
    expect(waiting.hosts.map((h) => h.waitingFor)).toEqual([
      `waiting for a key passphrase (${key.privateKeyPath})`,
      null,
    ]);
    // Nobody asks again by themselves.
    expect(requests).toHaveLength(3);
  });

  it('a person asks again; the right passphrase unlocks the key and the rollout finishes', async () => {
    await expect(app.giveUpHost({ host: 'web-1', reason: ' ' })).rejects.toThrow(/reason/);
    await expect(app.retryPassphrase({ host: 'web-2' })).rejects.toThrow(
      'host web-2 is not waiting for a key passphrase',
    );
    await app.retryPassphrase({ host: 'web-1' });
    const again = await until('the passphrase to be asked again', async () => requests[3]);
    expect(again.keyPath).toBe(key.privateKeyPath);
    await app.providePassphrase({ id: again.id, passphrase: PHRASE, remember: true });
    const done = await until('the rollout to complete', async () => {
      const s = await app.getSnapshot();
      return s.rollout.status === 'done' ? s : undefined;
    });
    expect(done.hosts.map((h) => h.state)).toEqual(['done', 'done']);
    expect([...stored.values()]).toEqual([PHRASE]);
    const timeline = done.timeline.map((e) => e.text).join('\n');
    expect(timeline).toContain(`web-1: waiting for a key passphrase (${key.privateKeyPath}).`);
    expect(timeline).toContain(`Passphrase of ${key.privateKeyPath} for web-1 asked again.`);

    const places: [string, string][] = [
      ['snapshots', JSON.stringify([...snapshots, done])],
      ['log', logs.join('\n')],
      ...filesUnder(join(dir, 'journals')).map((f): [string, string] => [
        f,
        readFileSync(f, 'utf8'),
      ]),
    ];
    for (const format of exportFormats) {
      places.push([`export ${format}`, await app.exportTimeline({ format })]);
    }
    expect(places.some(([where]) => where.includes('journal'))).toBe(true);
    for (const phrase of [PHRASE, ...TYPOS]) {
      expect(places.filter(([, text]) => text.includes(phrase)).map(([w]) => w)).toEqual([]);
    }
  });
});
