/**
 * A workspace opened from a plan file, against real SSH servers (the simulated fleet's ssh2
 * servers on 127.0.0.x): the Connections view lists the known_hosts keys of the plan's hosts
 * with their fingerprints, under the address ssh_config resolves (and nothing for a host no
 * file knows), and the Logs view follows
 * the plan's `logs` telemetry source, flagging lines that match its error patterns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { LogLine } from '../../src-main/core/contract';
import { startSimFleet, type SimFleet } from '../../src-main/sim';

const HOSTS = ['web-1', 'web-2', 'web-3'];
let dir: string;
let fleet: SimFleet;
let app: RingsideApp;
const lines: LogLine[] = [];

function planYaml(f: SimFleet): string {
  const hosts = HOSTS.map((name) => {
    const h = f.host(name);
    if (!h) {
      throw new Error(`the simulated fleet has no host ${name}`);
    }
    // web-2 goes by an ssh_config alias: its key is checked (and listed) under HostName:Port.
    const where =
      name === 'web-2' ? `address: web-two` : `address: '${h.address}', port: ${h.sshPort}`;
    return `    - { name: ${name}, ${where}, identityFile: '${f.clientKey.path}', labels: { zone: z${name.slice(-1)} } }`;
  }).join('\n');
  return `release: { name: shop, version: 1.1.0, previous: 1.0.0-bad }
fleet:
  defaults: { user: ${f.user} }
  hosts:
${hosts}
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 1 }, bake: 1s, promotion: manual }
  - { name: rest, select: { rest: true }, bake: 0s, promotion: manual }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s, idempotent: true }]
  rollback: [{ name: back, command: 'appctl install {{previous}}', timeout: 10s, idempotent: true }]
telemetry:
  sources:
    - { name: applog, kind: logs, unit: app, patterns: ['\\bERROR\\b'] }
`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-planws-'));
  // A "bad" version writes ERROR lines often, so the error flagging shows within seconds.
  fleet = await startSimFleet({
    hosts: HOSTS.map((name) => ({ name, labels: {} })),
    initialVersion: '1.0.0-bad',
    rps: 50,
    seed: 5,
  });
  const knownHosts = join(dir, 'known_hosts');
  // web-3 is in no file: its key would wait for an approval.
  writeFileSync(
    knownHosts,
    ['# test fleet', ...fleet.hosts.filter((h) => h.name !== 'web-3').map((h) => h.knownHostsLine)]
      .join('\n')
      .concat('\n'),
  );
  const web2 = fleet.host('web-2');
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(sshConfig, `Host web-two\n  HostName ${web2?.address}\n  Port ${web2?.sshPort}\n`);
  const planPath = join(dir, 'plan.yaml');
  writeFileSync(planPath, planYaml(fleet));
  app = await createRingsideApp({
    workspace: { planPath },
    journalRoot: join(dir, 'journals'),
    ssh: {
      knownHostsFiles: [knownHosts],
      ringsideKnownHostsFile: join(dir, 'ringside_known'),
      sshConfig,
    },
  });
  app.onLogLine((l) => lines.push(l));
});

afterAll(async () => {
  await app?.close();
  await fleet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a plan-file workspace', () => {
  it('lists the known_hosts keys of its hosts with their fingerprints', async () => {
    const s = await app.getSnapshot();
    expect(s.workspace?.source.kind).toBe('plan');
    expect(s.connections.knownHosts).toEqual(
      ['web-1', 'web-2'].map((name) => ({
        host: name,
        keyType: 'ssh-ed25519',
        fingerprint: fleet.host(name)?.hostKeyFingerprint,
      })),
    );
  });

  it("streams the logs source's lines per ring, error lines with their signature", async () => {
    const both = () =>
      lines.some((l) => l.signature !== null) && lines.some((l) => l.signature === null);
    for (let i = 0; i < 400 && !both(); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const error = lines.find((l) => l.signature !== null);
    expect(error?.line).toMatch(/\bERROR\b/);
    expect(error?.signature).not.toMatch(/trace_id=[0-9a-f]{32}/); // ids masked
    const info = lines.find((l) => l.signature === null);
    expect(info?.line).not.toMatch(/\bERROR\b/);
    // web-3's key is in no file: its stream is refused, never shown.
    for (const l of lines) {
      expect(l.host).not.toBe('web-3');
      expect(['canary', 'rest']).toContain(l.ring);
    }
  });
});
