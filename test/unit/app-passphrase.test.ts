/**
 * The app facade asks for an encrypted key's passphrase through the console contract,
 * against real SSH servers (the simulated fleet's ssh2 servers on 127.0.0.x): the request is
 * pushed when the rollout first connects, the answer unlocks the key and the rollout
 * finishes, and the passphrase appears nowhere it could leak: not in snapshots, the
 * timeline, the journal on disk or any export format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RingsideApp } from '../../src-main/app';
import { identitySecretName } from '../../src-main/app/passphrase-broker';
import {
  exportFormats,
  type ConsoleSnapshot,
  type PassphraseRequest,
} from '../../src-main/core/contract';
import type { KeyPair } from '../helpers/sshd';
import { startLockedKeyConsole, type LockedKeyConsole } from '../helpers/locked-key-console';

const PHRASE = 'Tr0ub4dor&3-never-leak';
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
  c = await startLockedKeyConsole({ prefix: 'ringside-app-passphrase-', phrase: PHRASE, seed: 7 });
  ({ dir, key, app, stored, requests, snapshots, logs, until, filesUnder } = c);
});

afterAll(async () => {
  await c?.close();
});

describe('passphrases through the console', () => {
  it('shows the identity as encrypted with no passphrase remembered', async () => {
    const s = await app.getSnapshot();
    expect(s.connections.identities).toEqual([
      { name: 'id_locked', path: key.privateKeyPath, encrypted: true, passphraseRemembered: false },
    ]);
  });

  it('asks once, unlocks the key with the answer, remembers it and never leaks it', async () => {
    await app.start();
    const request = await until('the passphrase request', async () => requests[0]);
    expect(request).toEqual({ id: request.id, keyPath: key.privateKeyPath, note: null });
    // A window that connects now is shown the waiting request too.
    const late: PassphraseRequest[] = [];
    app.onPassphraseRequest((r) => late.push(r))();
    expect(late).toEqual([request]);
    await expect(
      app.providePassphrase({ id: 'nope', passphrase: 'x', remember: false }),
    ).resolves.toBe(false);
    await expect(
      app.providePassphrase({ id: request.id, passphrase: PHRASE, remember: true }),
    ).resolves.toBe(true);
    const done = await until('the rollout to complete', async () => {
      const s = await app.getSnapshot();
      return s.rollout.status === 'done' ? s : undefined;
    });
    // Both hosts used the one unlocked key: asked once.
    expect(requests).toHaveLength(1);
    expect(done.connections.identities[0]?.passphraseRemembered).toBe(true);
    expect(stored.get(identitySecretName(key.privateKeyPath))).toBe(PHRASE);

    const places: [string, string][] = [
      ['snapshots', JSON.stringify([...snapshots, done])],
      ['timeline', JSON.stringify(done.timeline)],
      ['log', logs.join('\n')],
      ...filesUnder(join(dir, 'journals')).map((f): [string, string] => [
        f,
        readFileSync(f, 'utf8'),
      ]),
    ];
    for (const format of exportFormats) {
      places.push([`export ${format}`, await app.exportTimeline({ format })]);
    }
    expect(places.filter(([, text]) => text.includes(key.privateKeyPath)).length).toBeGreaterThan(
      0,
    );
    expect(places.filter(([, text]) => text.includes(PHRASE)).map(([where]) => where)).toEqual([]);
    expect(places.some(([where]) => where.includes('journal'))).toBe(true);
  });
});
