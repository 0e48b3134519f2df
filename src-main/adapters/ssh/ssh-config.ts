/**
 * The subset of `~/.ssh/config` Ringside honours: Host blocks (patterns with `*`, `?`, `!`),
 * HostName, User, Port, IdentityFile (accumulating, `~` and `%h`/`%u`/`%d` expanded), ProxyJump.
 * As in OpenSSH, the first value found for a keyword wins. `Match` blocks are skipped.
 */
import { matchPattern } from './pattern';

interface Block {
  readonly patterns: readonly string[];
  readonly options: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly line: number;
  }>;
}

/** Parsed ssh_config, ready to resolve host aliases. */
export interface SshConfig {
  readonly file: string;
  readonly blocks: readonly Block[];
}

/** What ssh_config says about one host alias. */
export interface ResolvedSshConfig {
  readonly hostName?: string;
  readonly user?: string;
  readonly port?: number;
  readonly identityFiles: readonly string[];
  readonly proxyJump?: string;
}

/** Parse ssh_config text. Unknown keywords are kept but ignored at resolve time. */
export function parseSshConfig(text: string, file: string): SshConfig {
  const blocks: Array<{
    patterns: string[];
    options: Array<{ key: string; value: string; line: number }>;
  }> = [{ patterns: ['*'], options: [] }];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) {
      continue;
    }
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(raw);
    if (m === null) {
      continue;
    }
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      blocks.push({ patterns: value.split(/\s+/), options: [] });
    } else if (key === 'match') {
      // Match criteria (exec, user, ...) are not evaluated: the block never applies.
      blocks.push({ patterns: [], options: [] });
    } else {
      blocks[blocks.length - 1]?.options.push({ key, value, line: i + 1 });
    }
  }
  return { file, blocks };
}

function blockMatches(patterns: readonly string[], alias: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(p.slice(1), alias)) {
        return false;
      }
    } else if (matchPattern(p, alias)) {
      matched = true;
    }
  }
  return matched;
}

/** Expand `~/` and the `%h` (host name), `%u` (remote user), `%d` (home), `%%` tokens. */
export function expandPath(
  value: string,
  ctx: { home: string; host: string; user: string },
): string {
  const tilde = value === '~' || value.startsWith('~/') ? ctx.home + value.slice(1) : value;
  return tilde.replace(/%([hud%])/g, (_, t: string) => {
    switch (t) {
      case 'h':
        return ctx.host;
      case 'u':
        return ctx.user;
      case 'd':
        return ctx.home;
      default:
        return '%';
    }
  });
}

/** Resolve an alias against the config; `home` and `localUser` feed `~` and `%` expansion. */
export function resolveSshConfig(
  config: SshConfig,
  alias: string,
  env: { home: string; localUser: string },
): ResolvedSshConfig {
  const first = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const block of config.blocks) {
    if (!blockMatches(block.patterns, alias)) {
      continue;
    }
    for (const { key, value } of block.options) {
      if (key === 'identityfile') {
        identityFiles.push(value);
      } else if (!first.has(key)) {
        first.set(key, value);
      }
    }
  }
  const hostName = first.get('hostname')?.replace(/%h/g, alias);
  const user = first.get('user');
  const portText = first.get('port');
  const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : undefined;
  const proxyJump = first.get('proxyjump');
  const host = hostName ?? alias;
  return {
    hostName,
    user,
    port,
    identityFiles: identityFiles.map((f) =>
      expandPath(f, { home: env.home, host, user: user ?? env.localUser }),
    ),
    // `ProxyJump none` disables jumping, as in OpenSSH.
    proxyJump:
      proxyJump === undefined || proxyJump.toLowerCase() === 'none' ? undefined : proxyJump,
  };
}
