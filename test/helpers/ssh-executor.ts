/**
 * SSH executors for tests against real sshd that see nothing of the tester's account: no
 * ~/.ssh/config, no agent, HOME in the test's temp folder, trust only from the known_hosts
 * files the test wrote. One place, so every SSH test isolates itself the same way.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createSshExecutor,
  type SshExecutor,
  type SshExecutorOptions,
} from '../../src-main/adapters/ssh';
import type { Sshd } from './sshd';

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
