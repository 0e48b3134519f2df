import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimFleet, type SimFleet, type SimHostInfo } from '../../src-main/sim/fleet';
import { execOnSimHost } from '../../src-main/sim/sim-client';
import { simInventoryHosts } from '../../src-main/sim/inventory';

/** The fleet's clock: tests move it by hand so traffic is deterministic. */
let now = 1_800_000_000_000;
let fleet: SimFleet;
let dir: string;
const versionChanges: string[] = [];

function host(i: number): SimHostInfo {
  const h = fleet.hosts[i];
  if (!h) {
    throw new Error(`no host ${i}`);
  }
  return h;
}

async function scrape(h: SimHostInfo): Promise<string> {
  const r = await fetch(h.metricsUrl);
  expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return r.text();
}

function metric(text: string, line: RegExp): number {
  const m = line.exec(text);
  return m?.[1] === undefined ? NaN : Number(m[1]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sim-ssh-test-'));
  fleet = await startSimFleet({
    hosts: 8,
    seed: 5,
    rps: 100,
    now: () => now,
    latencyScale: 0.05,
    onVersionChange: (h, v, at) => versionChanges.push(`${h} ${v} ${at}`),
    profiles: {
      good: {
        ...(await import('../../src-main/sim/profiles')).goodProfile,
        logLinesPerSecond: 200,
      },
    },
  });
});

afterAll(async () => {
  await fleet?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('simulated fleet over real SSH', () => {
  it('installs and reports a version through an ssh2 client, counting each command', async () => {
    const h = host(0);
    const install = await execOnSimHost(fleet, h, 'sudo /usr/bin/appctl install 2.0.0');
    expect(install).toEqual({ code: 0, stdout: 'installed 2.0.0 on sim-0001\n', stderr: '' });
    expect(await execOnSimHost(fleet, h, 'appctl version')).toEqual({
      code: 0,
      stdout: '2.0.0\n',
      stderr: '',
    });
    const s = fleet.state(h.name);
    expect(s?.version).toBe('2.0.0');
    expect(s?.execCounts.get('sudo /usr/bin/appctl install 2.0.0')).toBe(1);
    expect(s?.execCounts.get('appctl version')).toBe(1);
    expect(s?.execLog.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(await scrape(h)).toMatch(/^app_build_info\{version="2\.0\.0"\} 1$/m);
    expect(versionChanges).toEqual([`sim-0001 2.0.0 ${now}`]);
  });

  it('answers OpenSSH ssh with a known_hosts file and StrictHostKeyChecking', async () => {
    const h = host(1);
    const kh = path.join(dir, 'known_hosts');
    await writeFile(kh, fleet.knownHosts);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'ssh',
        [
          '-F',
          '/dev/null',
          '-o',
          'BatchMode=yes',
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          `UserKnownHostsFile=${kh}`,
          '-o',
          'IdentitiesOnly=yes',
          '-i',
          fleet.clientKey.path,
          '-p',
          String(h.sshPort),
          `deploy@${h.address}`,
          'appctl install 2.0.0 && appctl version',
        ],
        (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout),
      ),
    );
    expect(out).toBe('installed 2.0.0 on sim-0002\n2.0.0\n');
  });

  it('serves more 5xx after a bad version is installed', async () => {
    const good = host(2);
    const bad = host(3);
    expect((await execOnSimHost(fleet, bad, 'appctl install 2.0.0-bad')).code).toBe(0);
    await scrape(good); // start both windows at the same instant
    now += 600_000;
    const share = (text: string): number => {
      const ok = metric(text, /^http_requests_total\{code="200"\} (\d+)$/m);
      const e500 = metric(text, /^http_requests_total\{code="500"\} (\d+)$/m);
      const e503 = metric(text, /^http_requests_total\{code="503"\} (\d+)$/m);
      return (e500 + e503) / (ok + e500 + e503);
    };
    const goodShare = share(await scrape(good));
    const badShare = share(await scrape(bad));
    expect(goodShare).toBeLessThan(0.008);
    expect(badShare).toBeGreaterThan(0.02);
    expect(
      metric(await scrape(bad), /^http_request_duration_seconds_count (\d+)$/m),
    ).toBeGreaterThan(50_000);
  });

  it('refuses a command it cannot simulate with exit 127 and a clear line', async () => {
    const r = await execOnSimHost(fleet, host(0), 'rm -rf /opt/app');
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/^ringside-sim: cannot simulate 'rm -rf \/opt\/app' \(supported: /);
  });

  it('streams journalctl -f line by line until the channel closes', async () => {
    const r = await execOnSimHost(fleet, host(4), 'sudo journalctl -f -u app', {
      onStdout: (text) => text.split('\n').length > 5,
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines[0]).toMatch(/ sim-0005 app\[\d+\]: (INFO|ERROR) /);
  });

  it('follows only new bare messages for the telemetry adapter: journalctl -f -n 0 -o cat', async () => {
    const r = await execOnSimHost(fleet, host(4), "journalctl -f -n 0 -o cat -u 'app'\\''s'", {
      onStdout: (text) => text.split('\n').length > 3,
    });
    for (const line of r.stdout.trim().split('\n')) {
      expect(line).toMatch(/^(INFO|ERROR) .* trace_id=[0-9a-f]{32} user=\d+$/);
    }
  });

  it('gives the engine plan hosts', () => {
    const hosts = simInventoryHosts(fleet);
    expect(hosts).toHaveLength(8);
    expect(hosts[0]).toMatchObject({
      name: 'sim-0001',
      address: '127.0.0.1',
      port: host(0).sshPort,
      labels: { region: 'us-east', zone: 'a' },
      identityFile: fleet.clientKey.path,
    });
  });
});

describe('simulated faults', () => {
  it('unreachable/refuse closes the ports, and clearing reopens them', async () => {
    const h = host(5);
    await fleet.setFault(h.name, { kind: 'unreachable' });
    await expect(execOnSimHost(fleet, h, 'true')).rejects.toThrow(/ECONNREFUSED/);
    await expect(fetch(h.metricsUrl)).rejects.toThrow();
    await fleet.setFault(h.name, null);
    expect((await execOnSimHost(fleet, h, 'true')).code).toBe(0);
  });

  it('unreachable/drop resets connections and blackhole never answers', async () => {
    const h = host(5);
    await fleet.setFault(h.name, { kind: 'unreachable', mode: 'drop' });
    await expect(execOnSimHost(fleet, h, 'true')).rejects.toThrow();
    await fleet.setFault(h.name, { kind: 'unreachable', mode: 'blackhole' });
    await expect(execOnSimHost(fleet, h, 'true', { readyTimeoutMs: 300 })).rejects.toThrow(
      /Timed out/,
    );
    await fleet.setFault(h.name, null);
    expect((await execOnSimHost(fleet, h, 'true')).code).toBe(0);
  });

  it('slow adds latency to the handshake and to commands', async () => {
    const h = host(6);
    await fleet.setFault(h.name, { kind: 'slow', delayMs: 150 });
    const t0 = performance.now();
    expect((await execOnSimHost(fleet, h, 'appctl version')).code).toBe(0);
    // A lower bound only: the injected delays cannot be skipped, however fast the machine.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    await fleet.setFault(h.name, null);
  });

  it('auth failure rejects the client key', async () => {
    const h = host(6);
    await fleet.setFault(h.name, { kind: 'auth-failure' });
    await expect(execOnSimHost(fleet, h, 'true')).rejects.toThrow(/authentication methods failed/);
    await fleet.setFault(h.name, null);
    expect((await execOnSimHost(fleet, h, 'true')).code).toBe(0);
  });

  it('a host presents the same key to overlapping connections and after its last one closed', async () => {
    // Its ssh2 server is built on the first connection and dropped after the last: the key
    // it presents must not change with it (each exec checks the host key).
    const h = host(5);
    const [a, b] = await Promise.all([
      execOnSimHost(fleet, h, 'hostname'),
      execOnSimHost(fleet, h, 'appctl version'),
    ]);
    expect([a.code, a.stdout, b.code]).toEqual([0, `${h.name}\n`, 0]);
    expect((await execOnSimHost(fleet, h, 'hostname')).stdout).toBe(`${h.name}\n`);
    expect(fleet.currentHostKey(h.name)).toBe(h.hostKey);
  });

  it('host key change presents a new key until cleared', async () => {
    const h = host(7);
    await fleet.setFault(h.name, { kind: 'host-key-change' });
    const changed = fleet.currentHostKey(h.name);
    expect(changed).not.toBe(h.hostKey);
    await expect(execOnSimHost(fleet, h, 'true')).rejects.toThrow(/verification failed/);
    expect((await execOnSimHost(fleet, h, 'true', { expectHostKey: changed })).code).toBe(0);
    await fleet.setFault(h.name, null);
    expect((await execOnSimHost(fleet, h, 'true')).code).toBe(0);
  });

  it('command-fails fails the next N (or matching) commands, then clears itself', async () => {
    const h = host(7);
    await fleet.setFault(h.name, { kind: 'command-fails', count: 1 });
    const failed = await execOnSimHost(fleet, h, 'appctl version');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/injected failure/);
    expect((await execOnSimHost(fleet, h, 'appctl version')).code).toBe(0);
    await fleet.setFault(h.name, { kind: 'command-fails', pattern: 'install', exitCode: 3 });
    expect((await execOnSimHost(fleet, h, 'appctl version')).code).toBe(0);
    expect((await execOnSimHost(fleet, h, 'appctl install 9.0.0')).code).toBe(3);
    expect(fleet.state(h.name)?.version).toBe('1.0.0');
    await fleet.setFault(h.name, null);
  });

  it('command-hangs never exits until the channel closes', async () => {
    const h = host(7);
    await fleet.setFault(h.name, { kind: 'command-hangs', count: 1 });
    const abort = new AbortController();
    const pending = execOnSimHost(fleet, h, 'appctl install 3.0.0', { signal: abort.signal });
    let started = false;
    for (let i = 0; i < 500 && !started; i++) {
      await new Promise((r) => setTimeout(r, 10));
      started = (fleet.state(h.name)?.execCounts.get('appctl install 3.0.0') ?? 0) > 0;
    }
    expect(started).toBe(true);
    const race = await Promise.race([
      pending.then(() => 'exited'),
      new Promise((r) => setTimeout(() => r('hanging'), 300)),
    ]);
    expect(race).toBe('hanging');
    expect(fleet.state(h.name)?.execLog.at(-1)?.exitCode).toBeNull();
    abort.abort();
    expect((await pending).code).toBeNull();
    for (let i = 0; i < 500 && fleet.state(h.name)?.execLog.at(-1)?.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(fleet.state(h.name)?.execLog.at(-1)?.exitCode).toBe(130);
    expect(fleet.state(h.name)?.version).toBe('1.0.0');
    // The fault was counted: the next command runs normally.
    expect((await execOnSimHost(fleet, h, 'appctl version')).stdout).toBe('1.0.0\n');
  });
});

describe('per-host addressing', () => {
  it('puts each host on its own loopback address with the same ports', async () => {
    const perHost = await startSimFleet({
      hosts: 3,
      addressing: 'per-host',
      address: '127.77.0.249',
      sshPort: 0,
      metricsPort: 19100,
      latencyScale: 0,
    });
    try {
      expect(perHost.hosts.map((h) => `${h.address}:${h.metricsPort}`)).toEqual([
        '127.77.0.249:19100',
        '127.77.0.250:19100',
        '127.77.1.1:19100',
      ]);
      const h = perHost.hosts[2];
      if (!h) {
        throw new Error('no host');
      }
      expect((await execOnSimHost(perHost, h, 'hostname')).stdout).toBe('sim-0003\n');
      expect(await (await fetch(h.metricsUrl)).text()).toMatch(
        /^app_build_info\{version="1\.0\.0"\} 1$/m,
      );
      expect(h.knownHostsLine.startsWith(`[127.77.1.1]:${h.sshPort} ssh-ed25519 `)).toBe(true);
    } finally {
      await perHost.stop();
    }
  });
});

describe('stable host keys', () => {
  it('gives a fleet restarted with the same seed the same host keys', async () => {
    const keys = async (seed: number): Promise<string[]> => {
      const f = await startSimFleet({ hosts: 2, seed, stableHostKeys: true });
      const k = f.hosts.map((h) => h.hostKey);
      const h = f.hosts[1];
      if (h) {
        expect((await execOnSimHost(f, h, 'true')).code).toBe(0);
      }
      await f.stop();
      return k;
    };
    const first = await keys(7);
    expect(await keys(7)).toEqual(first);
    expect(new Set(first).size).toBe(2);
    expect(await keys(8)).not.toEqual(first);
  });
});
