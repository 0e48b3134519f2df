/**
 * The Connections view's known hosts for a plan workspace: the known_hosts entries that
 * apply to the plan's hosts, read from the same files the SSH executor checks keys against
 * (the user's ~/.ssh/known_hosts and Ringside's own file of approved keys), each with its
 * SHA256 fingerprint — so an operator sees which hosts are already trusted, and with which
 * key, before a rollout asks for any approval.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ConnectionsView } from '../core/contract';
import type { Host } from '../core/model/host';
import type { RolloutPlan } from '../core/model/plan';
import {
  KnownHostsIndex,
  fingerprintOf,
  knownHostsName,
  parseKnownHosts,
} from '../adapters/ssh/known-hosts';
import type { TargetEnv } from '../adapters/ssh/target';
import { reachOf, sshTargetEnv } from '../adapters/ssh/target-env';

/** One row of the view. */
export type KnownHostView = ConnectionsView['knownHosts'][number];

/** Which files hold trusted keys, and the ssh_config; the executor's defaults when not given. */
export interface KnownHostsFiles {
  /** ssh_config path, or null for none (default ~/.ssh/config). */
  readonly sshConfig?: string | null;
  /** Read-only files (default ~/.ssh/known_hosts). */
  readonly knownHostsFiles?: readonly string[];
  /** Where Ringside records approved keys (default ~/.config/ringside/known_hosts). */
  readonly ringsideKnownHostsFile?: string;
}

/** The files in the order the executor reads them. */
export function knownHostsPaths(files: KnownHostsFiles): string[] {
  const home = homedir();
  return [
    ...(files.knownHostsFiles ?? [path.join(home, '.ssh', 'known_hosts')]),
    files.ringsideKnownHostsFile ?? path.join(home, '.config', 'ringside', 'known_hosts'),
  ];
}

/**
 * The `host` / `[host]:port` name the executor checks a host's key under: where `ringside
 * hosts` says the host is reached (HostName and Port after ssh_config, through the one
 * resolver `run` uses); the plan's address when it cannot resolve.
 */
function checkedName(host: Host, env: TargetEnv): string {
  const r = reachOf(host, env);
  return r.ok
    ? knownHostsName(r.reach.address, r.reach.port)
    : knownHostsName(host.address, host.port);
}

/**
 * Every plan host's known keys (a host may have several key types), in plan order. A
 * missing file is no keys; `@revoked` keys are listed with a `revoked` key type so the view
 * never shows one as trusted; `@cert-authority` lines name no single key and are left out.
 */
export async function knownHostsForPlan(
  plan: RolloutPlan,
  files: KnownHostsFiles,
): Promise<KnownHostView[]> {
  const index = new KnownHostsIndex();
  for (const file of knownHostsPaths(files)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const entry of parseKnownHosts(text, file)) {
      index.add(entry);
    }
  }
  const env = sshTargetEnv(files.sshConfig !== undefined ? { sshConfig: files.sshConfig } : {});
  const rows: KnownHostView[] = [];
  const seen = new Set<string>();
  for (const h of plan.hosts) {
    for (const e of index.forHost(checkedName(h, env))) {
      if (e.marker === 'cert-authority') {
        continue;
      }
      const fingerprint = fingerprintOf(Buffer.from(e.keyBase64, 'base64'));
      const key = `${h.name}\u0000${fingerprint}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      rows.push({
        host: h.name,
        keyType: e.marker === 'revoked' ? `revoked ${e.keyType}` : e.keyType,
        fingerprint,
      });
    }
  }
  return rows;
}
