/**
 * Encrypted keys over real OpenSSH: the terminal provider unlocks one (typed through an
 * injected stream), and `ringside run` with no terminal at all skips it with a one-line
 * reason instead of hanging or failing obscurely.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminalPassphraseProvider } from '../../src-main/cli/passphrase-prompt';
import { REPO_ROOT, journalEvents, ofType } from '../helpers/ringside-cli';
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

  it('ringside run with no terminal skips the key with a one-line reason', async () => {
    const locked = path.join(w.home, '.ssh', 'id_locked');
    copyFileSync(key.privateKeyPath, locked);
    chmodSync(locked, 0o600);
    w.writeKnownHosts([sshd.knownHostsLine]);
    const plan = w.writePlan([sshHost(sshd, 'h1', 'all', 'a', locked)], [{ name: 'all' }]);
    // A new session (detached) has no controlling terminal, and stdin is not a TTY.
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
    const reason =
      'ringside run: key ~/.ssh/id_locked is encrypted and no terminal is available to ask for its passphrase; load it into ssh-agent instead';
    expect(
      err.split('\n').filter((l) => l === reason),
      err,
    ).toHaveLength(1);
    expect(code, err).not.toBeNull();
    const failed = ofType(await journalEvents(w.journal), 'HostStepFailed');
    expect(failed.map((e) => e.host)).toEqual(['h1']);
    expect(failed[0]?.reason).toMatch(/id_locked: passphrase not given/);
  });
});
