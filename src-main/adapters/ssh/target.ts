/**
 * Where and how to connect to a plan host: plan fields first, then ~/.ssh/config, then
 * defaults; a ProxyJump chain becomes a list of hops, each resolved the same way.
 */
import type { Host } from '../../core/model/host';
import { resolveSshConfig, type SshConfig } from './ssh-config';
import type { Endpoint } from './types';

/** One hop of the connection chain (bastions first, the host last). */
export interface HopSpec {
  readonly endpoint: Endpoint;
  readonly username: string;
  readonly identityFiles: readonly string[];
  /** True when the identity files were named explicitly (plan or ssh_config), not defaults. */
  readonly explicitIdentities: boolean;
}

export interface TargetEnv {
  readonly config: SshConfig | null;
  readonly home: string;
  readonly localUser: string;
  readonly defaultIdentityFiles: readonly string[];
}

export type TargetResult =
  | { readonly ok: true; readonly hops: readonly HopSpec[] }
  | { readonly ok: false; readonly reason: string };

function resolveHop(
  alias: string,
  explicit: { user?: string; port?: number; identityFile?: string },
  role: Endpoint['role'],
  env: TargetEnv,
): HopSpec & { readonly proxyJump?: string } {
  const cfg =
    env.config === null ? { identityFiles: [] } : resolveSshConfig(env.config, alias, env);
  const identityFiles =
    explicit.identityFile !== undefined
      ? [explicit.identityFile]
      : cfg.identityFiles.length > 0
        ? cfg.identityFiles
        : env.defaultIdentityFiles;
  return {
    endpoint: { address: cfg.hostName ?? alias, port: explicit.port ?? cfg.port ?? 22, role },
    username: explicit.user ?? cfg.user ?? env.localUser,
    identityFiles,
    explicitIdentities: explicit.identityFile !== undefined || cfg.identityFiles.length > 0,
    ...('proxyJump' in cfg && cfg.proxyJump !== undefined ? { proxyJump: cfg.proxyJump } : {}),
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
  const jump = host.proxyJump ?? target.proxyJump;
  const hops: HopSpec[] = [];
  if (jump !== undefined && jump !== '') {
    for (const part of jump.split(',')) {
      const parsed = parseJump(part);
      if (parsed === null) {
        return {
          ok: false,
          reason: `host ${host.name}: ProxyJump element "${part}" is not [user@]host[:port]`,
        };
      }
      hops.push(
        resolveHop(
          parsed.host,
          {
            ...(parsed.user !== undefined ? { user: parsed.user } : {}),
            ...(parsed.port !== undefined ? { port: parsed.port } : {}),
          },
          'bastion',
          env,
        ),
      );
    }
  }
  const { proxyJump: _ignored, ...targetHop } = target;
  hops.push(targetHop);
  return { ok: true, hops };
}
