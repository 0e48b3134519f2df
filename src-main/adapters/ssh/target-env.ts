/**
 * The one way Ringside decides where a plan host is reached: `ringside run` (through the
 * SSH executor) and `ringside hosts` both build their {@link TargetEnv} here and resolve
 * hosts with {@link resolveTarget}, so what `hosts` prints is where `run` connects.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Host } from '../../core/model/host';
import { parseSshConfig, type SshConfig } from './ssh-config';
import { resolveTarget, type TargetEnv } from './target';

/** Where the resolver looks: HOME, the ssh_config to read (null: none), the local user. */
export interface TargetEnvOptions {
  readonly home?: string;
  /** A path, an already-parsed config, or null for none; default `~/.ssh/config`. */
  readonly sshConfig?: string | SshConfig | null;
  readonly defaultUser?: string;
}

function loadConfig(option: TargetEnvOptions['sshConfig'], home: string): SshConfig | null {
  if (option === null) {
    return null;
  }
  if (typeof option === 'object') {
    return option;
  }
  const file = option ?? path.join(home, '.ssh', 'config');
  try {
    return parseSshConfig(readFileSync(file, 'utf8'), file, { home });
  } catch {
    return null;
  }
}

/** The resolver's environment, as the SSH executor and `ringside hosts` both use it. */
export function sshTargetEnv(options: TargetEnvOptions = {}): TargetEnv {
  const home = options.home ?? os.homedir();
  return {
    config: loadConfig(options.sshConfig, home),
    home,
    localUser: options.defaultUser ?? os.userInfo().username,
    defaultIdentityFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) =>
      path.join(home, '.ssh', f),
    ),
  };
}

/** A host exactly as Ringside will reach it (the `ringside hosts --json` record). */
export interface HostReach {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly identityFiles: readonly string[];
  /** Jump specs as written (`user@host:port`), first hop first. */
  readonly proxyJump: readonly string[];
  readonly proxyCommand: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly origin: string;
}

/** Resolves one plan host into its {@link HostReach}, or the reason it cannot be reached. */
export function reachOf(
  host: Host,
  env: TargetEnv,
): { ok: true; reach: HostReach } | { ok: false; reason: string } {
  const t = resolveTarget(host, env);
  if (!t.ok) {
    return t;
  }
  const target = t.hops[t.hops.length - 1];
  if (target === undefined) {
    return { ok: false, reason: `host ${host.name}: no connection target` };
  }
  return {
    ok: true,
    reach: {
      name: host.name,
      address: target.endpoint.address,
      port: target.endpoint.port,
      user: target.username,
      identityFiles: target.identityFiles,
      proxyJump: t.jumps,
      proxyCommand: target.proxyCommand ?? null,
      labels: host.labels,
      origin: host.origin ?? '',
    },
  };
}
