import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshExecutor, type SshExecutorOptions } from '../../src-main/adapters/ssh';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { openRollout } from '../../src-main/runtime';
import { runCliCaptured } from '../helpers/cli-io';
import {
  generateKeyPair,
  hostOf,
  makeTempDir,
  startSshd,
  type KeyPair,
  type Sshd,
} from '../helpers/sshd';
import { isolatedExecutor, startKeyedSshd, type KeyedSshd } from '../helpers/ssh-executor';

let rig: KeyedSshd;
let dir: string;
let key: KeyPair;
let sshd: Sshd;
/** What OpenSSH itself prints for the host key: `256 SHA256:... comment (ED25519)`. */
let opensshFingerprint: string;

beforeAll(async () => {
  rig = await startKeyedSshd({ prefix: 'ringside-ssh-hostkeys-', address: '127.0.0.22' });
  ({ dir, key, sshd } = rig);
  opensshFingerprint =
    execFileSync('ssh-keygen', ['-lf', `${sshd.hostKeyPath}.pub`], { encoding: 'utf8' }).split(
      ' ',
    )[1] ?? '';
});

afterAll(async () => {
  await rig.close();
});

function executor(name: string, knownHosts: string, extra: Partial<SshExecutorOptions> = {}) {
  const userFile = path.join(dir, `${name}.known_hosts`);
  writeFileSync(userFile, knownHosts);
  const own = path.join(dir, `${name}.ringside_known_hosts`);
  const ssh = isolatedExecutor(dir, [userFile], { ringsideKnownHostsFile: own, ...extra });
  return { ssh, userFile, own };
}

const opts = { timeoutMs: 10_000 };

describe('host key verification against real sshd', () => {
  it('reports an unknown key with its OpenSSH fingerprint, then works once approved', async () => {
    const { ssh, userFile, own } = executor('unknown', '');
    const host = hostOf(sshd, 'h-unknown', key.privateKeyPath);
    const before = sshd.acceptedCount();
    const r = await ssh.exec(host, 'true', opts);
    expect(r).toMatchObject({
      kind: 'host-key-unknown',
      keyType: 'ssh-ed25519',
      fingerprint: opensshFingerprint,
      endpoint: { address: '127.0.0.22', port: sshd.port, role: 'host' },
    });
    expect(sshd.acceptedCount()).toBe(before);
    expect(ssh.connectionState('h-unknown')).toMatchObject({
      kind: 'given-up',
      result: 'host-key-unknown',
    });

    expect(await ssh.approveHostKey(host, 'SHA256:not-the-one')).toMatchObject({ ok: false });
    const approved = await ssh.approveHostKey(host, opensshFingerprint);
    expect(approved).toEqual({ ok: true, knownHostsFile: own, line: sshd.knownHostsLine });
    expect(readFileSync(own, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
    expect(readFileSync(userFile, 'utf8')).toBe('');
    expect((await ssh.exec(host, 'echo hi', opts)).kind).toBe('ok');
    await ssh.close();
  });

  it('refuses a changed key, naming the known_hosts line and both fingerprints', async () => {
    const impostor = generateKeyPair(dir, 'impostor_host_key');
    const impostorLine = `[127.0.0.22]:${sshd.port} ${impostor.publicKey.split(' ').slice(0, 2).join(' ')}`;
    const impostorFp = execFileSync('ssh-keygen', ['-lf', impostor.publicKeyPath], {
      encoding: 'utf8',
    }).split(' ')[1];
    // Even with trust-on-first-use a changed key is refused.
    const { ssh, userFile } = executor('changed', `# comment\n${impostorLine}\n`, {
      trustOnFirstUse: true,
    });
    const before = sshd.acceptedCount();
    const r = await ssh.exec(hostOf(sshd, 'h-changed', key.privateKeyPath), 'true', opts);
    expect(r).toEqual({
      kind: 'host-key-changed',
      endpoint: { address: '127.0.0.22', port: sshd.port, role: 'host' },
      keyType: 'ssh-ed25519',
      fingerprint: opensshFingerprint,
      knownFingerprint: impostorFp,
      knownAt: `${userFile}:2`,
    });
    expect(sshd.acceptedCount()).toBe(before);
    await ssh.close();
  });

  it('verifies hashed known_hosts entries written by ssh-keygen -H', async () => {
    const { ssh, userFile } = executor('hashed', `${sshd.knownHostsLine}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', userFile], { stdio: 'ignore' });
    expect(readFileSync(userFile, 'utf8')).toMatch(/^\|1\|/);
    expect((await ssh.exec(hostOf(sshd, 'h-hashed', key.privateKeyPath), 'true', opts)).kind).toBe(
      'ok',
    );
    await ssh.close();
  });

  it('refuses a @revoked key', async () => {
    const { ssh, userFile } = executor(
      'revoked',
      `${sshd.knownHostsLine}\n@revoked * ${sshd.hostPublicKey}\n`,
    );
    const r = await ssh.exec(hostOf(sshd, 'h-revoked', key.privateKeyPath), 'true', opts);
    expect(r).toMatchObject({
      kind: 'host-key-revoked',
      knownAt: `${userFile}:2`,
      fingerprint: opensshFingerprint,
    });
    await ssh.close();
  });

  it('records the key on first use only when opted in, and trusts it afterwards', async () => {
    const first = executor('tofu', '', { trustOnFirstUse: true });
    expect(
      (await first.ssh.exec(hostOf(sshd, 'h-tofu', key.privateKeyPath), 'true', opts)).kind,
    ).toBe('ok');
    await first.ssh.close();
    expect(readFileSync(first.own, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
    // A later process without TOFU trusts the recorded key from the Ringside-owned file.
    const later = isolatedExecutor(dir, [], { ringsideKnownHostsFile: first.own });
    expect((await later.exec(hostOf(sshd, 'h-tofu', key.privateKeyPath), 'true', opts)).kind).toBe(
      'ok',
    );
    await later.close();
  });

  it('refuses the host when known_hosts is unreadable, naming the file', async () => {
    const notAFile = makeTempDir('ringside-kh-dir-');
    const ssh = isolatedExecutor(dir, [notAFile], { ringsideKnownHostsFile: path.join(dir, 'x') });
    const r = await ssh.exec(hostOf(sshd, 'h-bad', key.privateKeyPath), 'true', opts);
    expect(r).toEqual({
      kind: 'bad-input',
      reason: `known_hosts ${notAFile}: unreadable (EISDIR)`,
    });
    rmSync(notAFile, { recursive: true });
  });

  it('asks for the key type known_hosts holds when the host has several', async () => {
    const ecdsa = generateKeyPair(dir, 'second_host_key', { type: 'ecdsa' });
    const multi = await startSshd({
      address: '127.0.0.22',
      authorizedKeys: [key.publicKey],
      extraConfig: [`HostKey ${ecdsa.privateKeyPath}`],
    });
    try {
      const ecdsaLine = `[127.0.0.22]:${multi.port} ${ecdsa.publicKey.split(' ').slice(0, 2).join(' ')}`;
      const { ssh } = executor('multi', `${ecdsaLine}\n`);
      expect(
        (await ssh.exec(hostOf(multi, 'h-multi', key.privateKeyPath), 'true', opts)).kind,
      ).toBe('ok');
      await ssh.close();
    } finally {
      await multi.stop();
    }
  });

  it('approves a key in a process that never saw it (the console after a CLI run)', async () => {
    const { ssh, own } = executor('approve-fresh', '');
    const host = hostOf(sshd, 'h-fresh', key.privateKeyPath);
    expect(await ssh.approveHostKey(host, opensshFingerprint)).toEqual({
      ok: true,
      knownHostsFile: own,
      line: sshd.knownHostsLine,
    });
    expect((await ssh.exec(host, 'true', opts)).kind).toBe('ok');
    await ssh.close();
  });
});

describe('approving a key known_hosts gained meanwhile (the usual ssh-keyscan fix)', () => {
  it('settles the approval in the process that approves, without recording the key', async () => {
    // `ringside run` saw the unknown key and waits; the user fixes known_hosts by hand, as
    // ssh-keyscan >> ~/.ssh/known_hosts does; `ringside approve` (a new process) settles it.
    const run = executor('keyscan', '');
    const host = hostOf(sshd, 'h-keyscan', key.privateKeyPath);
    expect(await run.ssh.exec(host, 'true', opts)).toMatchObject({ kind: 'host-key-unknown' });
    await run.ssh.close();
    const approve = executor('keyscan', `${sshd.knownHostsLine}\n`);
    expect(await approve.ssh.approveHostKey(host, 'SHA256:not-the-one')).toMatchObject({
      ok: false,
    });
    expect(await approve.ssh.approveHostKey(host, opensshFingerprint)).toEqual({
      ok: true,
      knownHostsFile: null,
      line: null,
    });
    expect(() => readFileSync(approve.own, 'utf8')).toThrow(/ENOENT/);
    await approve.ssh.close();
  });
});

describe('a rollout waiting on a host key, settled from ssh-keyscan output (real sshd)', () => {
  /** One host, the fixture sshd, whose step is `true`; HOME with an empty ~/.ssh/known_hosts. */
  async function waitingRollout(name: string) {
    const home = path.join(dir, `home-${name}`);
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    writeFileSync(path.join(home, '.ssh', 'known_hosts'), '');
    const base = buildPlan([{ bakeMs: 50, domains: [1] }], {
      steps: [{ name: 'install', command: 'true', timeoutMs: 10_000, idempotent: true }],
      concurrency: 1,
    });
    const plan = { ...base, hosts: [hostOf(sshd, 'r0-d0-h0', key.privateKeyPath)] };
    const journal = path.join(dir, `journal-${name}`);
    const open = async () => {
      const executor = createSshExecutor({ home, agentSocket: null, sshConfig: null });
      const opened = await openRollout({ plan, journalPath: journal, executor, by: 'tester' });
      if (!opened.ok) {
        throw new Error(opened.error.message);
      }
      return { engine: opened.value, executor };
    };
    const first = await open();
    expect(await first.engine.run({ until: 'end', autoPromote: true })).toMatchObject({
      kind: 'waiting-operator',
      hosts: ['r0-d0-h0'],
    });
    await first.engine.close();
    await first.executor.close();
    const finish = async () => {
      const next = await open();
      try {
        const outcome = await next.engine.run({ until: 'end', autoPromote: true });
        return { outcome, state: next.engine.state(), warnings: next.engine.warnings };
      } finally {
        await next.engine.close();
        await next.executor.close();
      }
    };
    const cli = async (...argv: string[]) => {
      const r = await runCliCaptured(argv, { cwd: dir, env: { USER: 'gina', HOME: home } });
      return { code: r.code, out: r.out.join('\n'), err: r.err.join('\n') };
    };
    return { home, journal, finish, cli };
  }

  const keyscan = (): string =>
    execFileSync('ssh-keyscan', ['-p', String(sshd.port), '127.0.0.22'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });

  it('approve --from the real ssh-keyscan output settles the host and the rollout finishes', async () => {
    const w = await waitingRollout('from');
    const keys = path.join(dir, 'from.keys');
    writeFileSync(keys, keyscan());
    expect(readFileSync(keys, 'utf8')).toContain(sshd.knownHostsLine);
    const r = await w.cli('approve', w.journal, '--from', keys);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`approve r0-d0-h0 (${opensshFingerprint}, ${keys}:`);
    expect(readFileSync(path.join(w.home, '.config', 'ringside', 'known_hosts'), 'utf8')).toBe(
      `${sshd.knownHostsLine}\n`,
    );
    const done = await w.finish();
    expect(done.outcome).toEqual({ kind: 'finished' });
    expect(done.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      `gina approve-host r0-d0-h0 ${opensshFingerprint}`,
    );
  });

  it('approve --from a file with a different key for the host: warned, never approved, exit 3', async () => {
    const w = await waitingRollout('impostor');
    const impostor = generateKeyPair(dir, 'from_impostor_key');
    const keys = path.join(dir, 'impostor.keys');
    writeFileSync(
      keys,
      `[127.0.0.22]:${sshd.port} ${impostor.publicKey.split(' ').slice(0, 2).join(' ')}\n`,
    );
    const r = await w.cli('approve', w.journal, '--from', keys);
    expect(r.code).toBe(3);
    expect(r.err).toContain(
      `ringside approve: warning: r0-d0-h0 not approved: ${keys}:1 lists key SHA256:`,
    );
    expect(r.err).toContain(`but it offered ${opensshFingerprint}`);
    expect(() => readFileSync(path.join(w.home, '.config', 'ringside', 'known_hosts'))).toThrow(
      /ENOENT/,
    );
    const status = await w.cli('status', w.journal);
    expect(status.out).toContain(`r0-d0-h0 waits for approval of host key ${opensshFingerprint}`);
  });

  it('resume after ssh-keyscan >> ~/.ssh/known_hosts: the host settles without a command', async () => {
    const w = await waitingRollout('resume');
    appendFileSync(path.join(w.home, '.ssh', 'known_hosts'), keyscan());
    const done = await w.finish();
    expect(done.outcome).toEqual({ kind: 'finished' });
    expect(done.warnings.join('\n')).toContain(
      `r0-d0-h0: host key ${opensshFingerprint} is now in known_hosts (${path.join(w.home, '.ssh', 'known_hosts')}:`,
    );
    expect(done.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      `tester approve-host r0-d0-h0 ${opensshFingerprint} (key found in known_hosts on resume)`,
    );
  });
});
