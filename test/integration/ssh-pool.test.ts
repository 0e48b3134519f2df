import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, type SshExecutorOptions } from '../../src-main/adapters/ssh';
import {
  freePort,
  generateKeyPair,
  hostOf,
  makeTempDir,
  startSshd,
  startSshdFleet,
  stopAll,
  type KeyPair,
  type Sshd,
} from '../helpers/sshd';
import { isolatedExecutor, writeKnownHosts } from '../helpers/ssh-executor';

let dir: string;
let key: KeyPair;
let fleet: Sshd[];
let knownHosts: string;

beforeAll(async () => {
  dir = makeTempDir('ringside-ssh-pool-');
  key = generateKeyPair(dir, 'id_ed25519');
  fleet = await startSshdFleet(3, { firstOctet: 31, authorizedKeys: [key.publicKey] });
  knownHosts = writeKnownHosts(path.join(dir, 'known_hosts'), fleet);
});

afterAll(async () => {
  await stopAll(fleet);
  rmSync(dir, { recursive: true, force: true });
});

function executor(extra: Partial<SshExecutorOptions>) {
  return isolatedExecutor(dir, [knownHosts], extra);
}
const opts = { timeoutMs: 10_000 };
const hosts = (): ReturnType<typeof hostOf>[] =>
  fleet.map((s, i) => hostOf(s, `p${i}`, key.privateKeyPath));

describe('connection pool against real sshd', () => {
  it('keeps at most maxConnections open, evicting the least recently used idle one', async () => {
    const ssh = executor({ maxConnections: 2 });
    const [a, b, c] = hosts();
    const before = fleet.map((s) => s.acceptedCount());
    for (const h of [a, b, c, b]) {
      expect((await ssh.exec(h!, 'true', opts)).kind).toBe('ok');
    }
    // a was evicted for c; b stayed open and was reused.
    expect(fleet.map((s, i) => s.acceptedCount() - before[i]!)).toEqual([1, 1, 1]);
    expect(['p0', 'p1', 'p2'].map((n) => ssh.connectionState(n).kind)).toEqual([
      'idle',
      'connected',
      'connected',
    ]);
    await ssh.close();
  });

  it('runs many steps at once on a handful of connections without dropping any', async () => {
    const ssh = executor({ maxHandshakes: 1 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ssh.exec(hosts()[i % 3]!, `echo ${i}`, opts)),
    );
    expect(results.map((r) => (r.kind === 'ok' ? r.tail[0]?.line : r.kind))).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i)),
    );
    await ssh.close();
  });

  it('waits out its backoff on the injected clock', async () => {
    const sleeps: number[] = [];
    let now = 1_000;
    const clock: Clock = {
      now: () => now,
      sleep: (ms) => ((now += ms), sleeps.push(ms), Promise.resolve()),
    };
    const ssh = executor({
      clock,
      random: () => 0.5,
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, jitter: 0.2 },
    });
    const port = await freePort('127.0.0.31');
    const r = await ssh.exec({ ...hosts()[0]!, name: 'closed', port }, 'true', opts);
    expect(r).toMatchObject({ kind: 'unreachable', attempts: 4 });
    expect(sleeps).toEqual([100, 200, 300]);
  });

  it('reconnects after the host restarted, and cancels a running step on abort', async () => {
    const original = fleet[2]!;
    const ssh = executor({});
    const host = hostOf(original, 'restarting', key.privateKeyPath);
    expect((await ssh.exec(host, 'true', opts)).kind).toBe('ok');
    const keptKey = path.join(dir, 'kept_host_key');
    copyFileSync(original.hostKeyPath, keptKey);
    chmodSync(keptKey, 0o600);
    await original.stop();
    // Same address, port and host key: the dead connection is noticed and replaced.
    const restarted = await startSshd({
      address: original.address,
      port: original.port,
      hostKeyPath: keptKey,
      authorizedKeys: [key.publicKey],
    });
    fleet[2] = restarted;
    expect((await ssh.exec(host, 'true', opts)).kind).toBe('ok');
    expect(restarted.acceptedCount()).toBe(1);
    const controller = new AbortController();
    const running = ssh.exec(hostOf(fleet[0]!, 'abort', key.privateKeyPath), 'echo go; sleep 20', {
      timeoutMs: 30_000,
      signal: controller.signal,
      onLine: () => controller.abort(),
    });
    expect(await running).toMatchObject({ kind: 'cancelled', tail: [{ line: 'go' }] });
    await ssh.close();
  });

  it('times out a handshake with a host that accepts TCP but never speaks SSH', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.31', r));
    const port = (silent.address() as net.AddressInfo).port;
    const ssh = executor({
      connectTimeoutMs: 300,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    });
    const r = await ssh.exec({ ...hosts()[0]!, name: 'silent', port }, 'true', opts);
    expect(r.kind === 'unreachable' ? r.reason : r.kind).toMatch(
      /handshake timed out after \d+ ms$/,
    );
    silent.close();
  });
});
