/**
 * The console (createRingsideApp) on a plan of simulated hosts reached over real SSH with a
 * passphrase-locked key: what the passphrase tests share. Keeps every passphrase request,
 * snapshot, log line and stored secret, so a test can look for a leak anywhere.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { SecretPort } from '../../src-main/app/passphrase-broker';
import type { ConsoleSnapshot, PassphraseRequest } from '../../src-main/core/contract';
import { startSimFleet, type SimFleet } from '../../src-main/sim';
import { generateKeyPair, makeTempDir, type KeyPair } from './sshd';

export interface LockedKeyConsole {
  readonly dir: string;
  readonly key: KeyPair;
  readonly fleet: SimFleet;
  readonly app: RingsideApp;
  /** The secret store's contents (what "remember" wrote). */
  readonly stored: Map<string, string>;
  readonly requests: PassphraseRequest[];
  readonly snapshots: ConsoleSnapshot[];
  readonly logs: string[];
  /** Polls until `get` gives a value (the test's own timeout bounds it; nothing is timed). */
  until<T>(what: string, get: () => Promise<T | undefined>): Promise<T>;
  /** Every file under `root`, recursively. */
  filesUnder(root: string): string[];
  close(): Promise<void>;
}

/**
 * Starts two hosts (web-1, web-2) on 1.0.0 and a console on a plan deploying 1.1.0 to
 * them in one ring (`ring` adds to its flow mapping, e.g. a budget), with an identity
 * locked by `phrase`.
 */
export async function startLockedKeyConsole(o: {
  prefix: string;
  phrase: string;
  seed: number;
  ring?: string;
}): Promise<LockedKeyConsole> {
  const hosts = ['web-1', 'web-2'];
  const dir = makeTempDir(o.prefix);
  const key = generateKeyPair(dir, 'id_locked', { passphrase: o.phrase });
  const fleet = await startSimFleet({
    hosts: hosts.map((name) => ({ name, labels: {} })),
    initialVersion: '1.0.0',
    authorizedKeys: [key.publicKey],
    latencyScale: 0,
    seed: o.seed,
  });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, fleet.hosts.map((h) => `${h.knownHostsLine}\n`).join(''));
  const entries = hosts
    .map((name) => {
      const h = fleet.host(name);
      return `    - { name: ${name}, address: '${h?.address}', port: ${h?.sshPort}, identityFile: '${key.privateKeyPath}' }`;
    })
    .join('\n');
  const planPath = join(dir, 'plan.yaml');
  writeFileSync(
    planPath,
    `release: { name: shop, version: 1.1.0, previous: 1.0.0 }
fleet:
  defaults: { user: ${fleet.user} }
  hosts:
${entries}
domains: { count: 1 }
rings:
  - { name: all, select: { rest: true }, bake: 0s, promotion: auto${o.ring ? `, ${o.ring}` : ''} }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s, idempotent: true }]
  rollback: [{ name: back, command: 'appctl install {{previous}}', timeout: 10s, idempotent: true }]
`,
  );
  const stored = new Map<string, string>();
  const secrets: SecretPort = {
    get: (n) => stored.get(n) ?? null,
    set: (n, s) => (stored.set(n, s), { ok: true }),
    delete: (n) => void stored.delete(n),
  };
  const requests: PassphraseRequest[] = [];
  const snapshots: ConsoleSnapshot[] = [];
  const logs: string[] = [];
  const app = await createRingsideApp({
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
  const filesUnder = (root: string): string[] =>
    readdirSync(root).flatMap((n) => {
      const p = join(root, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
  return {
    dir,
    key,
    fleet,
    app,
    stored,
    requests,
    snapshots,
    logs,
    filesUnder,
    async until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
      for (let i = 0; i < 300; i++) {
        const v = await get();
        if (v !== undefined) {
          return v;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const s = await app.getSnapshot();
      throw new Error(
        `timed out waiting for ${what}: ${s.rollout.status}; hosts ${s.hosts.map((h) => `${h.name}:${h.state}`).join(', ')}; ${s.timeline
          .slice(-4)
          .map((e) => e.text)
          .join(' | ')}`,
      );
    },
    async close() {
      await app.close();
      await fleet.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
