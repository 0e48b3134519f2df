/**
 * The app facade asks for an encrypted key's passphrase through the console contract,
 * against real SSH servers (the simulated fleet's ssh2 servers on 127.0.0.x): the request is
 * pushed when the rollout first connects, the answer unlocks the key and the rollout
 * finishes, and the passphrase appears nowhere it could leak: not in snapshots, the
 * timeline, the journal on disk or any export format.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import { identitySecretName, type SecretPort } from '../../src-main/app/passphrase-broker';
import {
  exportFormats,
  type ConsoleSnapshot,
  type PassphraseRequest,
} from '../../src-main/core/contract';
import { startSimFleet, type SimFleet } from '../../src-main/sim';
import { generateKeyPair, makeTempDir, type KeyPair } from '../helpers/sshd';

const PHRASE = 'Tr0ub4dor&3-never-leak';
const HOSTS = ['web-1', 'web-2'];
let dir: string;
let key: KeyPair;
let fleet: SimFleet;
let app: RingsideApp;
const stored = new Map<string, string>();
const secrets: SecretPort = {
  get: (n) => stored.get(n) ?? null,
  set: (n, s) => (stored.set(n, s), { ok: true }),
  delete: (n) => void stored.delete(n),
};
const requests: PassphraseRequest[] = [];
const snapshots: ConsoleSnapshot[] = [];
const logs: string[] = [];

beforeAll(async () => {
  dir = makeTempDir('ringside-app-passphrase-');
  key = generateKeyPair(dir, 'id_locked', { passphrase: PHRASE });
  fleet = await startSimFleet({
    hosts: HOSTS.map((name) => ({ name, labels: {} })),
    initialVersion: '1.0.0',
    authorizedKeys: [key.publicKey],
    latencyScale: 0,
    seed: 7,
  });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, fleet.hosts.map((h) => `${h.knownHostsLine}\n`).join(''));
  const hosts = HOSTS.map((name) => {
    const h = fleet.host(name);
    return `    - { name: ${name}, address: '${h?.address}', port: ${h?.sshPort}, identityFile: '${key.privateKeyPath}' }`;
  }).join('\n');
  const planPath = join(dir, 'plan.yaml');
  writeFileSync(
    planPath,
    `release: { name: shop, version: 1.1.0, previous: 1.0.0 }
fleet:
  defaults: { user: ${fleet.user} }
  hosts:
${hosts}
domains: { count: 1 }
rings:
  - { name: all, select: { rest: true }, bake: 0s, promotion: auto }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s, idempotent: true }]
  rollback: [{ name: back, command: 'appctl install {{previous}}', timeout: 10s, idempotent: true }]
`,
  );
  app = await createRingsideApp({
    workspace: { planPath },
    journalRoot: join(dir, 'journals'),
    ssh: {
      knownHostsFiles: [knownHosts],
      ringsideKnownHostsFile: join(dir, 'own'),
      sshConfig: null,
    },
    secrets,
    log: (l) => logs.push(l),
  });
  app.onPassphraseRequest((r) => requests.push(r));
  app.onSnapshot((s) => snapshots.push(s));
});

afterAll(async () => {
  await app?.close();
  await fleet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await get();
    if (v !== undefined) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const s = await app.getSnapshot();
  throw new Error(
    `timed out waiting for ${what}: ${s.rollout.status}; ${s.timeline
      .slice(-4)
      .map((e) => e.text)
      .join(' | ')}`,
  );
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((n) => {
    const p = join(root, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

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
