import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { runCli } from '../../src-main/cli/main';
import { captureCliIo } from '../helpers/cli-io';
import { runSim } from '../../src-main/cli/verb-sim';
import { execOnSimHost } from '../../src-main/sim/sim-client';

interface Inventory {
  identityFile: string;
  knownHostsFile: string;
  yamlFile: string;
  user: string;
  hosts: {
    name: string;
    address: string;
    port: number;
    metricsUrl: string;
    hostKey: string;
    knownHostsLine: string;
  }[];
}

/** The identity and hosts of a written inventory, as execOnSimHost takes them. */
async function fromInventory(inv: Inventory) {
  const privateKey = await readFile(inv.identityFile, 'utf8');
  return {
    identity: { user: inv.user, clientKey: { privateKey } },
    hosts: inv.hosts.map((h) => ({ address: h.address, sshPort: h.port, hostKey: h.hostKey })),
  };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === 'object' && a ? a.port : 0;
}

describe('ringside sim', () => {
  it('refuses bad arguments with one line and exit 2', async () => {
    for (const argv of [
      ['sim', '--hosts', '0'],
      ['sim', '--hosts', 'many'],
      ['sim', '--port', '65530', '--hosts', '10'],
      ['sim', '--bad-kind', 'meh'],
      ['sim', '--address', '10.0.0.1'],
      ['sim', '--frobnicate'],
      ['sim', 'extra'],
    ]) {
      const t = captureCliIo();
      expect(await runCli(argv, t.io), argv.join(' ')).toBe(2);
      expect(t.err, argv.join(' ')).toHaveLength(1);
      expect(t.err[0]).toMatch(/^ringside sim: /);
    }
  });

  it('serves on --port P.., writes the inventory files and stops cleanly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sim-cli-'));
    const out = path.join(dir, 'fleet.json');
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (stop = r));
    const t = captureCliIo();
    const ready = t.nextOut();
    const base = await freePort();
    const running = runSim(
      [
        '--hosts',
        '2',
        '--port',
        String(base),
        '--out',
        out,
        '--bad-version',
        '2.0.0',
        '--latency-scale',
        '0',
      ],
      t.io,
      stopped,
    );
    const line = await Promise.race([
      ready,
      running.then((c) => `exited ${c}: ${t.err.join(' ')}`),
    ]);
    try {
      expect(line).toBe(
        `ringside sim: 2 hosts ready on 127.0.0.1 (ssh ${base}..${base + 1}, metrics ${base + 2}..${base + 3}); ` +
          `inventory ${out}, known_hosts ${path.join(dir, 'fleet.known_hosts')}; Ctrl-C to stop`,
      );
      const inv = JSON.parse(await readFile(out, 'utf8')) as Inventory;
      expect(inv.hosts.map((h) => h.port)).toEqual([base, base + 1]);
      expect(inv.hosts[1]?.metricsUrl).toBe(`http://127.0.0.1:${base + 3}/metrics`);
      expect(await readFile(inv.knownHostsFile, 'utf8')).toBe(
        inv.hosts.map((h) => h.knownHostsLine + '\n').join(''),
      );
      const yaml = YAML.parse(await readFile(inv.yamlFile, 'utf8')) as { hosts: unknown[] };
      expect(yaml.hosts[0]).toMatchObject({
        name: 'sim-0001',
        address: '127.0.0.1',
        port: base,
        user: 'deploy',
      });
      const { identity, hosts } = await fromInventory(inv);
      const h = hosts[0];
      if (!h) {
        throw new Error('no host in inventory');
      }
      expect(
        (await execOnSimHost(identity, h, 'appctl install 2.0.0 && appctl version')).stdout,
      ).toMatch(/2\.0\.0\n$/);
    } finally {
      stop();
    }
    expect(await running).toBe(0);
    await expect(access(path.join(dir, 'fleet.id_ed25519'))).rejects.toThrow();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs as a real process: JSON on stdout, ready on stderr, exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/bin.ts', 'sim', '--hosts', '3'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const ready = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('ready')) {
          resolve();
        }
      }),
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await Promise.race([ready, exited]);
    const inv = JSON.parse(stdout) as Inventory;
    expect(inv.hosts).toHaveLength(3);
    const { identity, hosts } = await fromInventory(inv);
    const h = hosts[2];
    if (!h) {
      throw new Error('no host');
    }
    expect((await execOnSimHost(identity, h, 'hostname')).stdout).toBe('sim-0003\n');

    // Out-of-process inspection and faults through the control routes.
    const url = (i: number, p: string) => (inv.hosts[i]?.metricsUrl ?? '').replace('/metrics', p);
    const state = (await (await fetch(url(2, '/sim/state'))).json()) as {
      execCounts: Record<string, number>;
    };
    expect(state.execCounts).toEqual({ hostname: 1 });
    const put = (i: number, p: string, body: string) => fetch(url(i, p), { method: 'PUT', body });
    const refused = await put(2, '/sim/fault', '{"kind":"slow"}');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/fault slow: 'delayMs' is required/);
    expect((await put(2, '/sim/fault', '{"kind":"command-fails","count":1}')).status).toBe(200);
    expect((await execOnSimHost(identity, h, 'hostname')).code).toBe(1);
    expect((await execOnSimHost(identity, h, 'hostname')).code).toBe(0);
    expect((await put(2, '/sim/fault', '{"kind":"unreachable"}')).status).toBe(200);
    await expect(execOnSimHost(identity, h, 'true')).rejects.toThrow(/ECONNREFUSED/);
    expect((await put(0, '/sim/fault?host=sim-0003', 'null')).status).toBe(200);
    expect((await execOnSimHost(identity, h, 'true')).code).toBe(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
