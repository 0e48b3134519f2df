/**
 * Where and how to connect to a plan host: plan fields first, then ~/.ssh/config, then
 * defaults; a ProxyJump chain becomes a list of hops, each resolved the same way.
 */
import type { Host } from '../../core/model/host';
import {
  expandPath,
  expandProxyCommand,
  resolveSshConfig,
  type ResolvedSshConfig,
  type SshConfig,
} from './ssh-config';
import type { Endpoint } from './types';

/** One hop of the connection chain (bastions first, the host last). */
export interface HopSpec {
  readonly endpoint: Endpoint;
  readonly username: string;
  readonly identityFiles: readonly string[];
  /** True when the identity files were named explicitly (plan or ssh_config), not defaults. */
  readonly explicitIdentities: boolean;
  /** ssh_config ProxyCommand, tokens expanded: run by /bin/sh, its stdio is the connection. */
  readonly proxyCommand?: string;
}

export interface TargetEnv {
  readonly config: SshConfig | null;
  readonly home: string;
  readonly localUser: string;
  readonly defaultIdentityFiles: readonly string[];
}

export type TargetResult =
  | {
      readonly ok: true;
      readonly hops: readonly HopSpec[];
      /** The ProxyJump elements as written, first hop first. */
      readonly jumps: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

function resolveHop(
  alias: string,
  explicit: { user?: string; port?: number; identityFile?: string },
  role: Endpoint['role'],
  env: TargetEnv,
): HopSpec & { readonly proxyJump?: string; readonly errors?: readonly string[] } {
  const cfg: ResolvedSshConfig =
    env.config === null ? { identityFiles: [] } : resolveSshConfig(env.config, alias, env);
  const address = cfg.hostName ?? alias;
  const port = explicit.port ?? cfg.port ?? 22;
  const username = explicit.user ?? cfg.user ?? env.localUser;
  // A plan or inventory identity file gets what ssh does to `-i`: ~ and the % tokens.
  const identityFiles =
    explicit.identityFile !== undefined
      ? [
          expandPath(explicit.identityFile, {
            home: env.home,
            host: address,
            user: username,
            localUser: env.localUser,
            alias,
            port,
          }),
        ]
      : cfg.identityFiles.length > 0
        ? cfg.identityFiles
        : env.defaultIdentityFiles;
  return {
    endpoint: { address, port, role },
    username,
    identityFiles,
    explicitIdentities: explicit.identityFile !== undefined || cfg.identityFiles.length > 0,
    ...(cfg.proxyJump !== undefined ? { proxyJump: cfg.proxyJump } : {}),
    ...(cfg.proxyCommand !== undefined
      ? {
          proxyCommand: expandProxyCommand(cfg.proxyCommand, {
            host: address,
            alias,
            port,
            user: username,
          }),
        }
      : {}),
    ...(cfg.errors !== undefined ? { errors: cfg.errors } : {}),
  };
}

/** Parse one ProxyJump element `[user@]host[:port]` (IPv6 as `[addr]:port`). */
export function parseJump(spec: string): { user?: string; host: string; port?: number } | null {
  const m = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(spec.trim());
  if (m === null || m[2] === undefined) {
    return null;
  }
  return {
    ...(m[1] !== undefined ? { user: m[1] } : {}),
    host: m[2].replace(/^\[(.*)\]$/, '$1'),
    ...(m[3] !== undefined ? { port: Number(m[3]) } : {}),
  };
}

/**
 * Resolve the hop chain for a plan host. The host's `port` overrides ssh_config except when it
 * is the default 22, which inventories fill in when they say nothing.
 */
export function resolveTarget(host: Host, env: TargetEnv): TargetResult {
  const target = resolveHop(
    host.address,
    {
      ...(host.user !== undefined ? { user: host.user } : {}),
      ...(host.port !== 22 ? { port: host.port } : {}),
      ...(host.identityFile !== undefined ? { identityFile: host.identityFile } : {}),
    },
    'host',
    env,
  );
  if (target.errors !== undefined) {
    return { ok: false, reason: `host ${host.name}: ${target.errors.join('; ')}` };
  }
  // A plan/inventory proxyJump replaces ssh_config's ProxyJump and ProxyCommand, as -J does.
  const jump = host.proxyJump ?? target.proxyJump;
  const hops: HopSpec[] = [];
  const jumps: string[] = [];
  if (jump !== undefined && jump !== '') {
    for (const part of jump.split(',')) {
      jumps.push(part.trim());
      const parsed = parseJump(part);
      if (parsed === null) {
        return {
          ok: false,
          reason: `host ${host.name}: ProxyJump element "${part}" is not [user@]host[:port]`,
        };
      }
      const hop = resolveHop(
        parsed.host,
        {
          ...(parsed.user !== undefined ? { user: parsed.user } : {}),
          ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        },
        'bastion',
        env,
      );
      if (hop.errors !== undefined) {
        return { ok: false, reason: `host ${host.name}: jump ${part}: ${hop.errors.join('; ')}` };
      }
      if (hop.proxyCommand !== undefined || hop.proxyJump !== undefined) {
        return {
          ok: false,
          reason: `host ${host.name}: jump host ${part} has its own ${hop.proxyCommand !== undefined ? 'ProxyCommand' : 'ProxyJump'} in ssh_config, which Ringside does not chain (list every hop in one ProxyJump instead)`,
        };
      }
      const { proxyJump: _j, errors: _e, ...hopSpec } = hop;
      hops.push(hopSpec);
    }
  }
  const { proxyJump: _ignored, errors: _none, proxyCommand, ...rest } = target;
  // With a jump chain the ProxyCommand is not used (ssh uses one or the other).
  const targetHop: HopSpec =
    proxyCommand !== undefined && host.proxyJump === undefined ? { ...rest, proxyCommand } : rest;
  hops.push(targetHop);
  return { ok: true, hops, jumps };
}
