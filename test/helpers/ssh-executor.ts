/**
 * SSH executors for tests against real sshd that see nothing of the tester's account: no
 * ~/.ssh/config, no agent, HOME in the test's temp folder, trust only from the known_hosts
 * files the test wrote. One place, so every SSH test isolates itself the same way.
 * Also the usual single-host rig: a temp dir, a client key and one sshd accepting it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createSshExecutor,
  type SshExecutor,
  type SshExecutorOptions,
} from '../../src-main/adapters/ssh';
import { generateKeyPair, makeTempDir, startSshd, type KeyPair, type Sshd } from './sshd';

/** Writes `file` as a known_hosts that trusts exactly `sshds`; returns `file`. */
export function writeKnownHosts(file: string, sshds: readonly Sshd[]): string {
  writeFileSync(file, sshds.map((s) => `${s.knownHostsLine}\n`).join(''));
  return file;
}

/**
 * An executor with HOME = `home`, trusting only `knownHostsFiles`, recording approved keys
 * in `home/own` unless `extra.ringsideKnownHostsFile` says otherwise. `extra` overrides
 * any option (retry, output limits, a passphrase provider, ...). The caller closes it.
 */
export function isolatedExecutor(
  home: string,
  knownHostsFiles: readonly string[],
  extra: Partial<SshExecutorOptions> = {},
): SshExecutor {
  return createSshExecutor({
    knownHostsFiles: [...knownHostsFiles],
    ringsideKnownHostsFile: path.join(home, 'own'),
    sshConfig: null,
    agentSocket: null,
    home,
    ...extra,
  });
}

/** One sshd accepting one client key, both under a fresh temp dir. */
export interface KeyedSshd {
  /** The temp dir (readable by the sshd's user); a usable HOME for the executor. */
  readonly dir: string;
  readonly key: KeyPair;
  readonly sshd: Sshd;
  /** Stops sshd and removes `dir`. */
  close(): Promise<void>;
}

/**
 * Makes a temp dir (`prefix`), an ed25519 client key `keyName` in it (encrypted with
 * `passphrase` when given) and starts sshd on `address` (a 127.0.0.x of the test's own)
 * accepting that key.
 */
export async function startKeyedSshd(opts: {
  prefix: string;
  address: string;
  keyName?: string;
  passphrase?: string;
}): Promise<KeyedSshd> {
  const dir = makeTempDir(opts.prefix);
  const key = generateKeyPair(
    dir,
    opts.keyName ?? 'id_ed25519',
    opts.passphrase !== undefined ? { passphrase: opts.passphrase } : {},
  );
  const sshd = await startSshd({ address: opts.address, authorizedKeys: [key.publicKey] });
  return {
    dir,
    key,
    sshd,
    close: async () => {
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
