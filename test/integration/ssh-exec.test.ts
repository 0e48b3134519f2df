import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeExecResult,
  execCollect,
  TRUNCATED_MARK,
  type ConnectionState,
  type SshExecutor,
} from '../../src-main/adapters/ssh';
import { renderCommand } from '../../src-main/core/template';
import { freePort, generateKeyPair, hostOf, type KeyPair, type Sshd } from '../helpers/sshd';
import {
  isolatedExecutor,
  startKeyedSshd,
  writeKnownHosts,
  type KeyedSshd,
} from '../helpers/ssh-executor';

let rig: KeyedSshd;
let dir: string;
let key: KeyPair;
let sshd: Sshd;
let ssh: SshExecutor;
const states: Array<[string, ConnectionState['kind']]> = [];

beforeAll(async () => {
  rig = await startKeyedSshd({ prefix: 'ringside-ssh-exec-', address: '127.0.0.21' });
  ({ dir, key, sshd } = rig);
  const knownHosts = writeKnownHosts(path.join(dir, 'known_hosts'), [sshd]);
  ssh = isolatedExecutor(dir, [knownHosts], {
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, jitter: 0 },
    output: { maxLineChars: 200, tailLines: 3 },
  });
  ssh.onConnectionState((name, s) => states.push([name, s.kind]));
});

afterAll(async () => {
  await ssh.close();
  await rig.close();
});

describe('ssh executor against real sshd', () => {
  it('runs a command, streams split lines and keeps a bounded tail', async () => {
    const lines: string[] = [];
    const host = hostOf(sshd, 'h1', key.privateKeyPath);
    const r = await ssh.exec(
      host,
      `printf 'a\\nb\\n'; echo err >&2; printf 'c\\r\\n'; head -c 500 /dev/zero | tr '\\0' x; echo; echo last`,
      {
        timeoutMs: 10_000,
        onLine: (stream, line) => lines.push(`${stream}:${line}`),
      },
    );
    expect(r.kind).toBe('ok');
    expect(lines.filter((l) => l.startsWith('stdout:'))).toEqual([
      'stdout:a',
      'stdout:b',
      'stdout:c',
      `stdout:${'x'.repeat(200)}${TRUNCATED_MARK}`,
      'stdout:last',
    ]);
    expect(lines).toContain('stderr:err');
    if (r.kind === 'ok') {
      expect(r.tail).toHaveLength(3);
      expect(r.tail[2]).toEqual({ stream: 'stdout', line: 'last' });
    }
  });

  it('reuses one connection per host across steps', async () => {
    const host = hostOf(sshd, 'h-reuse', key.privateKeyPath);
    const before = sshd.acceptedCount();
    for (let i = 0; i < 5; i++) {
      const r = await ssh.exec(host, `echo step${i}`, { timeoutMs: 10_000 });
      expect(r.kind).toBe('ok');
    }
    expect(sshd.acceptedCount() - before).toBe(1);
    expect(ssh.connectionState('h-reuse').kind).toBe('connected');
    expect(states.filter(([n]) => n === 'h-reuse').map(([, k]) => k)).toEqual([
      'connecting',
      'connected',
    ]);
  });

  it('reports a non-zero exit as failed with its code', async () => {
    const r = await ssh.exec(hostOf(sshd, 'h1', key.privateKeyPath), 'echo boom >&2; exit 7', {
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({
      kind: 'failed',
      exitCode: 7,
      tail: [{ stream: 'stderr', line: 'boom' }],
    });
  });

  it('times out a hanging command and kills it on the host', async () => {
    const pidFile = `/tmp/ringside-timeout-${process.pid}`;
    const host = hostOf(sshd, 'h1', key.privateKeyPath);
    const r = await ssh.exec(
      host,
      `echo started; sleep 30 & echo $! > ${pidFile}; sleep 30; echo never`,
      {
        timeoutMs: 800,
      },
    );
    expect(r).toMatchObject({
      kind: 'timeout',
      timeoutMs: 800,
      tail: [{ stream: 'stdout', line: 'started' }],
    });
    // The whole process group dies, not just the shell: the background sleep is gone too.
    const check = await ssh.exec(
      host,
      // A killed child may linger as a zombie where nothing reaps orphans, so check its state.
      `sleep 0.3; s=$(ps -o stat= -p $(cat ${pidFile})); rm -f ${pidFile}; case "$s" in ''|Z*) echo gone;; *) echo alive;; esac`,
      {
        timeoutMs: 10_000,
      },
    );
    expect(check).toMatchObject({ kind: 'ok', tail: [{ stream: 'stdout', line: 'gone' }] });
  });

  it('reports auth failure as a typed result naming the endpoint', async () => {
    const other = generateKeyPair(dir, 'id_other');
    const r = await ssh.exec(hostOf(sshd, 'h-badkey', other.privateKeyPath), 'true', {
      timeoutMs: 10_000,
    });
    expect(r.kind).toBe('auth-failed');
    if (r.kind === 'auth-failed') {
      expect(r.reason).toContain(`ringside-test@127.0.0.21:${sshd.port}`);
    }
    expect(ssh.connectionState('h-badkey')).toMatchObject({
      kind: 'given-up',
      result: 'auth-failed',
    });
  });

  it('names a missing identity file in the auth failure', async () => {
    const missing = path.join(dir, 'nope');
    const r = await ssh.exec(hostOf(sshd, 'h-nokey', missing), 'true', { timeoutMs: 10_000 });
    expect(r.kind === 'auth-failed' ? r.reason : r.kind).toContain(`${missing}: not found`);
  });

  it('gives up on a closed port after bounded retries', async () => {
    const port = await freePort('127.0.0.21');
    const seen: string[] = [];
    const off = ssh.onConnectionState((n, s) => n === 'h-closed' && seen.push(s.kind));
    const r = await ssh.exec({ ...hostOf(sshd, 'h-closed', key.privateKeyPath), port }, 'true', {
      timeoutMs: 10_000,
    });
    off();
    expect(r).toMatchObject({
      kind: 'unreachable',
      attempts: 2,
      endpoint: { address: '127.0.0.21', port },
    });
    expect(r.kind === 'unreachable' ? r.reason : '').toContain('ECONNREFUSED');
    expect(seen).toEqual(['connecting', 'backing-off', 'connecting', 'given-up']);
  });

  it('passes hostile template values verbatim and never lets them run', async () => {
    const marker = path.join('/tmp', `ringside-injected-${process.pid}`);
    rmSync(marker, { force: true });
    const hostile = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `'; touch ${marker}; '`,
      `"; touch ${marker}; "`,
      `x\ntouch ${marker}`,
      `a;touch ${marker}`,
    ];
    for (const value of hostile) {
      const rendered = renderCommand(
        'printf %s {{version}}{{host.labels.zone}} | base64 -w0; echo',
        {
          version: value,
          previous: '0',
          host: { name: 'h1', address: sshd.address, labels: { zone: value } },
        },
      );
      expect(rendered.ok).toBe(true);
      if (!rendered.ok) {
        continue;
      }
      const r = await ssh.exec(hostOf(sshd, 'h1', key.privateKeyPath), rendered.command, {
        timeoutMs: 10_000,
      });
      const echoed = r.kind === 'ok' ? r.tail.at(-1)?.line : r.kind;
      expect(Buffer.from(echoed ?? '', 'base64').toString('utf8')).toBe(value + value);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('collects whole output for probes and describes failures in one line', async () => {
    const host = hostOf(sshd, 'h1', key.privateKeyPath);
    expect(
      await execCollect(ssh, host, 'echo 42; echo warn >&2; exit 3', { timeoutMs: 10_000 }),
    ).toEqual({
      ok: true,
      exitCode: 3,
      stdout: '42\n',
      stderr: 'warn\n',
    });
    const r = await ssh.exec(
      { ...host, name: 'h-closed-2', port: await freePort('127.0.0.21') },
      'true',
      { timeoutMs: 1_000 },
    );
    expect(describeExecResult(r)).toMatch(
      /^unreachable after 2 attempt\(s\): ringside-test@127\.0\.0\.21:\d+: ECONNREFUSED$/,
    );
  });
});
