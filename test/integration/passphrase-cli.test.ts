/**
 * Encrypted keys over real OpenSSH: the terminal provider unlocks one (typed through an
 * injected stream), and `ringside run` with no terminal at all says why in one line and
 * leaves the host waiting for a key passphrase (exit 3) instead of hanging or failing it;
 * `ringside give-up` then fails it, with who and why journaled (issue 10 finding 7).
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminalPassphraseProvider } from '../../src-main/cli/passphrase-prompt';
import { REPO_ROOT, journalEvents, ofType, ringside } from '../helpers/ringside-cli';
import { rolloutWorkspace, sshHost, type RolloutWorkspace } from '../helpers/ssh-rollout';
import { generateKeyPair, hostOf, type KeyPair, type Sshd } from '../helpers/sshd';
import {
  isolatedExecutor,
  startKeyedSshd,
  writeKnownHosts,
  type KeyedSshd,
} from '../helpers/ssh-executor';

const PHRASE = 'correct horse battery';
let rig: KeyedSshd;
let dir: string;
let key: KeyPair;
let sshd: Sshd;
let w: RolloutWorkspace;

beforeAll(async () => {
  rig = await startKeyedSshd({
    prefix: 'ringside-passphrase-',
    address: '127.0.0.93',
    keyName: 'id_locked',
    passphrase: PHRASE,
  });
  ({ dir, key, sshd } = rig);
  w = rolloutWorkspace(generateKeyPair(dir, 'unused'));
});

afterAll(async () => {
  await rig.close();
  w.remove();
});

/**
 * `ringside run PLAN` in a new session (detached): no controlling terminal, and stdin is not
 * a TTY, wherever the test itself runs.
 */
async function runDetached(plan: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'src-main', 'cli', 'bin.ts'),
      'run',
      plan,
      '--journal',
      w.journal,
      '--auto-promote',
    ],
    {
      cwd: REPO_ROOT,
      detached: true,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_OPTIONS: '', ...w.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, err };
}

describe('encrypted keys from the CLI', () => {
  it('the terminal provider unlocks an encrypted key against real sshd', async () => {
    const shown: string[] = [];
    const known = writeKnownHosts(path.join(dir, 'known_hosts'), [sshd]);
    const ssh = isolatedExecutor(dir, [known], {
      passphraseProvider: createTerminalPassphraseProvider({
        warn: (l) => shown.push(l),
        openTerminal: () => {
          const input = new PassThrough();
          const output = new PassThrough();
          output.setEncoding('utf8').on('data', (d: string) => shown.push(d));
          setImmediate(() => input.write(`${PHRASE}\r`));
          return { input, output, close: () => input.destroy() };
        },
      }),
    });
    try {
      const r = await ssh.exec(hostOf(sshd, 'locked', key.privateKeyPath), 'echo in', {
        timeoutMs: 10_000,
      });
      expect(r.kind === 'ok' ? r.tail.map((l) => l.line) : JSON.stringify(r)).toEqual(['in']);
      expect(shown.join('')).toContain('Enter passphrase for key');
      expect(shown.join('')).not.toContain(PHRASE);
    } finally {
      await ssh.close();
    }
  });

  it('ringside run with no terminal says why once and leaves the host waiting, not failed', async () => {
    const locked = path.join(w.home, '.ssh', 'id_locked');
    copyFileSync(key.privateKeyPath, locked);
    chmodSync(locked, 0o600);
    w.writeKnownHosts([sshd.knownHostsLine]);
    const plan = w.writePlan([sshHost(sshd, 'h1', 'all', 'a', locked)], [{ name: 'all' }]);
    const { code, err } = await runDetached(plan);
    const reason =
      'ringside run: key ~/.ssh/id_locked is encrypted and no terminal is available to ask for its passphrase; load it into ssh-agent instead';
    expect(
      err.split('\n').filter((l) => l === reason),
      err,
    ).toHaveLength(1);
    // 3: waiting for a person (the host is not failed, the ring not halted).
    expect(code, err).toBe(3);
    const events = await journalEvents(w.journal);
    expect(ofType(events, 'HostStepFailed')).toEqual([]);
    expect(ofType(events, 'RingHalted')).toEqual([]);
    expect(ofType(events, 'HostNeedsPassphrase').map((e) => [e.host, e.key])).toEqual([
      ['h1', locked],
    ]);

    const status = await ringside(['status', w.journal], { cwd: REPO_ROOT, env: w.env });
    expect(status.stdout).toContain(`h1 is waiting for a key passphrase (${locked})`);
    expect(status.stdout).not.toMatch(/needs-passphrase|needsPassphrase/);
    // Asked again with no run live: journaled directly; the next run asks (and, with no
    // terminal still, leaves h1 waiting again rather than failing it).
    const retried = await ringside(['retry-passphrase', w.journal, 'h1', '--by', 'carol'], {
      cwd: REPO_ROOT,
      env: w.env,
    });
    expect(retried.code, retried.stderr).toBe(0);
    expect(ofType(await journalEvents(w.journal), 'PassphraseRetried')).toMatchObject([
      { host: 'h1', by: 'carol', key: locked },
    ]);
    const rerun = await runDetached(plan);
    expect(rerun.code, rerun.err).toBe(3);
    expect(ofType(await journalEvents(w.journal), 'HostNeedsPassphrase')).toHaveLength(2);
    const refused = await ringside(['give-up', w.journal, 'h1'], { cwd: REPO_ROOT, env: w.env });
    expect(refused.code).toBe(2);
    const gaveUp = await ringside(
      ['give-up', w.journal, 'h1', '--reason', 'key holder away', '--by', 'carol'],
      { cwd: REPO_ROOT, env: w.env },
    );
    expect(gaveUp.code, gaveUp.stderr).toBe(0);
    const after = await journalEvents(w.journal);
    expect(ofType(after, 'HostGivenUp')).toMatchObject([
      { host: 'h1', by: 'carol', reason: 'key holder away' },
    ]);
    // The zero budget of the ring then halts it: a person's decision, not a typo's.
    expect(ofType(after, 'RingHalted')).toHaveLength(1);
  });
});
