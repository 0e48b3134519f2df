import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshExecutorOptions } from '../../src-main/adapters/ssh';
import type { Host } from '../../src-main/core/model/host';
import {
  generateKeyPair,
  hostOf,
  makeTempDir,
  startSshd,
  stopAll,
  type KeyPair,
  type Sshd,
} from '../helpers/sshd';
import { isolatedExecutor, writeKnownHosts } from '../helpers/ssh-executor';

let dir: string;
let plainKey: KeyPair;
let encryptedKey: KeyPair;
let agentKey: KeyPair;
let target: Sshd;
let bastion1: Sshd;
let bastion2: Sshd;
let knownHosts: string;

beforeAll(async () => {
  dir = makeTempDir('ringside-ssh-auth-');
  plainKey = generateKeyPair(dir, 'id_plain');
  encryptedKey = generateKeyPair(dir, 'id_encrypted', { passphrase: 'correct horse' });
  agentKey = generateKeyPair(dir, 'id_agent');
  const authorizedKeys = [plainKey.publicKey, encryptedKey.publicKey, agentKey.publicKey];
  // DEBUG1 on the bastions: sshd logs each direct-tcpip forward only at debug level.
  [target, bastion1, bastion2] = await Promise.all([
    startSshd({ address: '127.0.0.24', authorizedKeys }),
    startSshd({ address: '127.0.0.25', authorizedKeys, logLevel: 'DEBUG1' }),
    startSshd({ address: '127.0.0.26', authorizedKeys, logLevel: 'DEBUG1' }),
  ]);
  knownHosts = writeKnownHosts(path.join(dir, 'known_hosts'), [target, bastion1, bastion2]);
});

afterAll(async () => {
  await stopAll([target, bastion1, bastion2]);
  rmSync(dir, { recursive: true, force: true });
});

function executor(extra: Partial<SshExecutorOptions>) {
  return isolatedExecutor(dir, [knownHosts], extra);
}
const opts = { timeoutMs: 10_000 };
const forwardsTo = (bastion: Sshd, to: Sshd): number =>
  bastion
    .readLog()
    .split('\n')
    .filter(
      (l) =>
        l.includes('server_request_direct_tcpip') &&
        l.includes(`target ${to.address} port ${to.port}`),
    ).length;

describe('SSH auth and routing against real sshd', () => {
  it('unlocks an encrypted key through the passphrase provider, asking once', async () => {
    const asked: string[] = [];
    const answers = ['wrong', 'correct horse'];
    const ssh = executor({
      passphraseProvider: (p) => (asked.push(p), Promise.resolve(answers.shift() ?? null)),
    });
    const host = hostOf(target, 'enc-1', encryptedKey.privateKeyPath);
    // A key left locked is not an authentication verdict on the host: a person is needed.
    const first = await ssh.exec(host, 'true', opts);
    expect(first).toMatchObject({
      kind: 'passphrase-needed',
      keyPath: encryptedKey.privateKeyPath,
      reason: expect.stringContaining(`${encryptedKey.privateKeyPath}: wrong passphrase`),
    });
    // Not asked again (one decline is not a prompt per host) until the operator retries.
    expect((await ssh.exec(host, 'true', opts)).kind).toBe('passphrase-needed');
    expect(asked).toEqual([encryptedKey.privateKeyPath]);
    ssh.askPassphraseAgain(encryptedKey.privateKeyPath);
    expect((await ssh.exec(host, 'echo ok', opts)).kind).toBe('ok');
    expect(
      (await ssh.exec(hostOf(target, 'enc-2', encryptedKey.privateKeyPath), 'true', opts)).kind,
    ).toBe('ok');
    expect(asked).toEqual([encryptedKey.privateKeyPath, encryptedKey.privateKeyPath]);
    await ssh.close();
  });

  it('authenticates through ssh-agent', async () => {
    const sock = path.join(dir, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 200 && !existsSync(sock); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      execFileSync('ssh-add', ['-q', agentKey.privateKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
        stdio: 'ignore',
      });
      const ssh = executor({ agentSocket: sock });
      // No identity file at all: only the agent holds the key.
      const r = await ssh.exec(
        { ...hostOf(target, 'agent-1'), identityFile: undefined },
        'echo via-agent',
        opts,
      );
      expect(r).toMatchObject({ kind: 'ok', tail: [{ line: 'via-agent' }] });
      await ssh.close();
      const without = executor({});
      expect((await without.exec(hostOf(target, 'agent-1'), 'true', opts)).kind).toBe(
        'auth-failed',
      );
    } finally {
      agent.kill();
    }
  });

  it('takes HostName, User, Port and IdentityFile (~) from ssh_config; plan fields win', async () => {
    mkdirSync(path.join(dir, '.ssh'), { recursive: true });
    copyFileSync(plainKey.privateKeyPath, path.join(dir, '.ssh', 'id_cfg'));
    const configFile = path.join(dir, 'ssh_config');
    writeFileSync(
      configFile,
      [
        `Host web-? !web-9`,
        `  HostName ${target.address}`,
        `  User ${target.user}`,
        `  Port ${target.port}`,
        '  IdentityFile ~/.ssh/id_cfg',
        'Host *',
        '  User nobody',
        '  Port 1',
        '',
      ].join('\n'),
    );
    const ssh = executor({
      sshConfig: configFile,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    });
    const alias: Host = { name: 'web-1', address: 'web-1', port: 22, labels: {} };
    expect(await ssh.exec(alias, 'echo $USER', opts)).toMatchObject({
      kind: 'ok',
      tail: [{ line: 'ringside-test' }],
    });
    // `!web-9` excludes it from the first block, so `Host *` sends it to port 1 and fails.
    expect((await ssh.exec({ ...alias, name: 'web-9', address: 'web-9' }, 'true', opts)).kind).toBe(
      'unreachable',
    );
    // An explicit plan user overrides ssh_config's.
    expect(
      (
        await ssh.exec(
          { ...alias, name: 'web-2', address: 'web-2', user: 'no-such-user' },
          'true',
          opts,
        )
      ).kind,
    ).toBe('auth-failed');
    await ssh.close();
  });

  it('goes through a ProxyJump chain of two bastions', async () => {
    // Bastions get no identity from the plan: like `ssh -J`, they use the default ~/.ssh/id_*.
    mkdirSync(path.join(dir, '.ssh'), { recursive: true });
    copyFileSync(plainKey.privateKeyPath, path.join(dir, '.ssh', 'id_ed25519'));
    const ssh = executor({});
    const jump = `${bastion1.user}@${bastion1.address}:${bastion1.port},${bastion2.user}@${bastion2.address}:${bastion2.port}`;
    const before = [forwardsTo(bastion1, bastion2), forwardsTo(bastion2, target)];
    const host: Host = { ...hostOf(target, 'jumped', plainKey.privateKeyPath), proxyJump: jump };
    const r = await ssh.exec(host, 'echo $SSH_CONNECTION', opts);
    expect(r.kind).toBe('ok');
    // Each bastion forwarded exactly once: bastion1 to bastion2, bastion2 to the target.
    expect([forwardsTo(bastion1, bastion2), forwardsTo(bastion2, target)]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
    await ssh.close();
  });

  it('resolves a ProxyJump alias from ssh_config and reports a dead bastion as unreachable', async () => {
    const configFile = path.join(dir, 'ssh_config_jump');
    writeFileSync(
      configFile,
      [
        'Host inner',
        `  HostName ${target.address}`,
        `  Port ${target.port}`,
        '  ProxyJump gate',
        'Host gate',
        `  HostName ${bastion1.address}`,
        `  Port ${bastion1.port}`,
        '',
        'Host *',
        `  User ${target.user}`,
        `  IdentityFile ${plainKey.privateKeyPath}`,
        '',
      ].join('\n'),
    );
    const ssh = executor({
      sshConfig: configFile,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    });
    const before = forwardsTo(bastion1, target);
    expect(
      (await ssh.exec({ name: 'inner', address: 'inner', port: 22, labels: {} }, 'true', opts))
        .kind,
    ).toBe('ok');
    expect(forwardsTo(bastion1, target)).toBe(before + 1);
    await ssh.close();
    const badJump: Host = {
      ...hostOf(target, 'dead-jump', plainKey.privateKeyPath),
      proxyJump: `${target.user}@${bastion1.address}:1`,
    };
    const ssh2 = executor({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 } });
    expect(await ssh2.exec(badJump, 'true', opts)).toMatchObject({
      kind: 'unreachable',
      endpoint: { role: 'bastion', port: 1 },
    });
  });
});
