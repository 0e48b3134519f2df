/**
 * Test fixture: throwaway OpenSSH `sshd` instances on 127.0.0.x, with their own host keys,
 * authorized_keys and log file, plus client key generation. Reusable by every integration
 * test and benchmark that needs real SSH hosts.
 *
 * sshd runs in the foreground (-D) as a child of this process; stop() kills it and removes
 * its directory, and an exit hook kills any instance a crashed test forgot.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Host } from '../../src-main/core/model/host';

/** Unprivileged login with /bin/sh: root's slow ~/.bashrc would distort every timing. */
export const TEST_USER = 'ringside-test';
const SSHD = '/usr/sbin/sshd';

export type KeyType = 'ed25519' | 'ecdsa' | 'rsa';

/** A key pair written by ssh-keygen in OpenSSH format. */
export interface KeyPair {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  /** `ssh-ed25519 AAAA... comment` */
  readonly publicKey: string;
  readonly privateKey: Buffer;
}

export interface SshdOptions {
  readonly address: string;
  /** Default: a free port found by binding port 0 on the address. */
  readonly port?: number;
  readonly hostKeyType?: KeyType;
  /** Reuse an existing host private key (e.g. to restart a host with the same identity). */
  readonly hostKeyPath?: string;
  /** authorized_keys lines (public keys) accepted for every user. */
  readonly authorizedKeys: readonly string[];
  /** Extra sshd_config lines, appended last. */
  readonly extraConfig?: readonly string[];
  readonly logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1';
}

export interface Sshd {
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  readonly logFile: string;
  readonly hostKeyPath: string;
  /** `ssh-ed25519 AAAA...` (type and base64, no comment). */
  readonly hostPublicKey: string;
  /** `[127.0.0.2]:2222 ssh-ed25519 AAAA...` ready for a known_hosts file. */
  readonly knownHostsLine: string;
  readLog(): string;
  /** Number of successful authentications so far ("Accepted publickey" log lines). */
  acceptedCount(): number;
  /** Stop the listener and drop every established session. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Temp dirs of running instances, removed by the exit hook when a test forgets stop(). */
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      child.kill('SIGKILL');
    }
    for (const dir of liveDirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Create the dedicated test user once (when root); concurrent callers race harmlessly. */
export function ensureTestUser(): string {
  const exists = (): boolean => {
    try {
      execFileSync('id', [TEST_USER], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!exists()) {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `test user ${TEST_USER} is missing and only root can create it (useradd -m -s /bin/sh ${TEST_USER})`,
      );
    }
    try {
      execFileSync('useradd', ['-m', '-s', '/bin/sh', TEST_USER], { stdio: 'ignore' });
    } catch {
      // Another test process created it first; checked below.
    }
    if (!exists()) {
      throw new Error(`could not create test user ${TEST_USER}`);
    }
  }
  // With UsePAM no, sshd refuses accounts whose password field is locked ("!").
  const shadow = readFileSync('/etc/shadow', 'utf8');
  const line = shadow.split('\n').find((l) => l.startsWith(`${TEST_USER}:`));
  if (line?.split(':')[1]?.startsWith('!') === true) {
    execFileSync('usermod', ['-p', '*', TEST_USER], { stdio: 'ignore' });
  }
  return TEST_USER;
}

/** Generate a key pair with ssh-keygen (ed25519 by default), optionally passphrase-protected. */
export function generateKeyPair(
  dir: string,
  name: string,
  opts: { type?: KeyType; passphrase?: string; comment?: string } = {},
): KeyPair {
  const privateKeyPath = path.join(dir, name);
  const type = opts.type ?? 'ed25519';
  const args = [
    '-q',
    '-t',
    type,
    '-N',
    opts.passphrase ?? '',
    '-C',
    opts.comment ?? name,
    '-f',
    privateKeyPath,
  ];
  if (type === 'rsa') {
    args.push('-b', '2048');
  }
  execFileSync('ssh-keygen', args, { stdio: 'ignore' });
  return {
    privateKeyPath,
    publicKeyPath: `${privateKeyPath}.pub`,
    publicKey: readFileSync(`${privateKeyPath}.pub`, 'utf8').trim(),
    privateKey: readFileSync(privateKeyPath),
  };
}

/** A temp dir readable by the test user (sshd reads authorized_keys as that user). */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Find a port that is free on `address` right now (sshd cannot bind port 0 and report it). */
export function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function knownHostsHost(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

async function launch(opts: SshdOptions, port: number): Promise<Sshd | 'port-taken'> {
  const dir = makeTempDir('ringside-sshd-');
  const hostKeyPath =
    opts.hostKeyPath ?? generateKeyPair(dir, 'host_key', { type: opts.hostKeyType }).privateKeyPath;
  const hostPublicKey = execFileSync('ssh-keygen', ['-y', '-f', hostKeyPath], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .slice(0, 2)
    .join(' ');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, opts.authorizedKeys.map((k) => `${k}\n`).join(''), { mode: 0o644 });
  const logFile = path.join(dir, 'sshd.log');
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${opts.address}:${port}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      // Defaults (10:30:100, 10 sessions) drop connections under a 50-wide fan-out.
      'MaxStartups 400:30:800',
      'MaxSessions 100',
      `LogLevel ${opts.logLevel ?? 'VERBOSE'}`,
      ...(opts.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
  liveDirs.add(dir);
  running.add(child);
  installExitHook();
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  // "Server listening on" is logged once the socket is bound; a bind failure ends the process.
  for (let i = 0; i < 500; i++) {
    const log = readLog();
    if (log.includes('Server listening on')) {
      break;
    }
    if (exited || log.includes('Cannot bind any address')) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
      if (/Address already in use|Cannot bind/.test(log)) {
        return 'port-taken';
      }
      throw new Error(`sshd on ${opts.address}:${port} failed to start: ${log.trim()}`);
    }
    await sleep(10);
  }
  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      // Killing the listener leaves established sessions running (each has its own sshd
      // process); end them too, by pid, so a stopped host really drops its connections.
      const sessions = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], {
        encoding: 'utf8',
      }).stdout;
      for (const pid of sessions
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    if (!exited) {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await done;
    }
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
  return {
    address: opts.address,
    port,
    user: TEST_USER,
    dir,
    logFile,
    hostKeyPath,
    hostPublicKey,
    knownHostsLine: `${knownHostsHost(opts.address, port)} ${hostPublicKey}`,
    readLog,
    acceptedCount: () => (readLog().match(/Accepted publickey for /g) ?? []).length,
    stop,
  };
}

/** Start one sshd and wait until it listens. */
export async function startSshd(opts: SshdOptions): Promise<Sshd> {
  ensureTestUser();
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = opts.port ?? (await freePort(opts.address));
    const result = await launch(opts, port);
    if (result !== 'port-taken') {
      return result;
    }
    if (opts.port !== undefined) {
      break;
    }
  }
  throw new Error(`sshd on ${opts.address}: no free port after retries`);
}

/** Start `n` sshd on 127.0.0.(first), 127.0.0.(first+1), ... sharing the same options. */
export async function startSshdFleet(
  n: number,
  opts: Omit<SshdOptions, 'address'> & { readonly firstOctet?: number },
): Promise<Sshd[]> {
  const first = opts.firstOctet ?? 2;
  if (first + n - 1 > 254) {
    throw new Error(`startSshdFleet: ${n} hosts from 127.0.0.${first} run past 127.0.0.254`);
  }
  // Parallel starts: sshd's own startup is cheap, the 10 ms polls dominate.
  return Promise.all(
    Array.from({ length: n }, (_, i) => startSshd({ ...opts, address: `127.0.0.${first + i}` })),
  );
}

/** Stop every sshd in the list. */
export async function stopAll(hosts: readonly Sshd[]): Promise<void> {
  await Promise.all(hosts.map((h) => h.stop()));
}

/** A plan Host pointing at a fixture sshd, logging in as the test user with `identityFile`. */
export function hostOf(
  sshd: Pick<Sshd, 'address' | 'port' | 'user'>,
  name: string,
  identityFile?: string,
  labels: Readonly<Record<string, string>> = {},
): Host {
  return {
    name,
    address: sshd.address,
    port: sshd.port,
    user: sshd.user,
    labels,
    ...(identityFile !== undefined ? { identityFile } : {}),
  };
}
