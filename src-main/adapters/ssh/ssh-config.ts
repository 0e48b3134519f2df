/**
 * Resolving a host alias against `~/.ssh/config` as OpenSSH 9.2's `ssh -G` does: `Host` and
 * `Match` (`all`, `host`, `originalhost`, `user`, `localuser`) with case-sensitive patterns,
 * first value wins except IdentityFile, ports 1-65535, and the `%` tokens of HostName,
 * IdentityFile, ProxyCommand and ProxyJump. Parsing (quotes, comments, `Include`, what
 * Ringside refuses) is ssh-config-parse.ts.
 */
import { matchPatternCase as matchPattern } from './pattern';
import type { SshConfig, Statement } from './ssh-config-parse';

export { parseSshConfig, splitArgs, type SshConfig } from './ssh-config-parse';

/** Options that would change which host key is checked or which key is offered. */
const refused: Readonly<Record<string, string>> = {
  certificatefile: 'SSH certificates are not supported by Ringside (ssh2 cannot offer them)',
  hostkeyalias: 'Ringside checks the host key under the host name it connects to',
  userknownhostsfile: 'Ringside reads ~/.ssh/known_hosts and its own approvals only',
  globalknownhostsfile: 'Ringside reads ~/.ssh/known_hosts and its own approvals only',
  identityagent: 'Ringside uses SSH_AUTH_SOCK as the agent',
  pkcs11provider: 'PKCS#11 keys are not supported by Ringside',
  securitykeyprovider: 'security keys are not supported by Ringside',
  knownhostscommand: 'Ringside reads ~/.ssh/known_hosts and its own approvals only',
};

/** What ssh_config says about one host alias. */
export interface ResolvedSshConfig {
  readonly hostName?: string;
  readonly user?: string;
  readonly port?: number;
  readonly identityFiles: readonly string[];
  readonly proxyJump?: string;
  readonly proxyCommand?: string;
  /** Problems that make this host unreachable as configured (FILE:LINE: message). */
  readonly errors?: readonly string[];
}

/** `Host` patterns: `*` and `?` globs, `!` negation, case-sensitive as in OpenSSH. */
function hostMatches(patterns: readonly string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(p.slice(1), host)) {
        return false;
      }
    } else if (matchPattern(p, host)) {
      matched = true;
    }
  }
  return matched;
}

/** `match_pattern_list`: comma-separated patterns, `!` negates (a negated match wins). */
function listMatches(list: string, value: string): boolean {
  return hostMatches(list.split(','), value);
}

/** Token values for one connection; missing ones make the token an error. */
interface Tokens {
  readonly [token: string]: string | undefined;
}

/** Expands `%x` tokens allowed in `allowed`; an unknown or disallowed token is an error. */
export function expandTokens(
  value: string,
  tokens: Tokens,
  allowed: string,
): { ok: true; value: string } | { ok: false; token: string } {
  let bad: string | undefined;
  const v = value.replace(/%(.?)/g, (whole, t: string) => {
    if (t === '%') {
      return '%';
    }
    const r = allowed.includes(t) && t !== '' ? tokens[t] : undefined;
    if (r === undefined) {
      bad ??= whole;
      return whole;
    }
    return r;
  });
  return bad === undefined ? { ok: true, value: v } : { ok: false, token: bad };
}

/** `~/` and `~` at the start of a path, as tilde_expand_filename does for the local user. */
export function expandTilde(value: string, home: string): string {
  return value === '~' || value.startsWith('~/') ? home + value.slice(1) : value;
}

/** Expand `~/` and the `%d %h %n %p %r %u %%` tokens of a file path (IdentityFile). */
export function expandPath(
  value: string,
  ctx: {
    home: string;
    host: string;
    user: string;
    localUser?: string;
    alias?: string;
    port?: number;
  },
): string {
  const r = expandTokens(
    expandTilde(value, ctx.home),
    {
      d: ctx.home,
      h: ctx.host,
      n: ctx.alias ?? ctx.host,
      p: String(ctx.port ?? 22),
      r: ctx.user,
      u: ctx.localUser ?? ctx.user,
    },
    'dhnpru',
  );
  return r.ok ? r.value : value;
}

/**
 * Resolve an alias the way `ssh -G -F FILE alias` does. `localUser` is %u and Match
 * localuser; `home` is ~ and %d. The remote user for `Match user` is the User set so far,
 * else the local user, as in OpenSSH 9.2.
 */
export function resolveSshConfig(
  config: SshConfig,
  alias: string,
  env: { home: string; localUser: string },
): ResolvedSshConfig {
  const first = new Map<string, { args: readonly string[]; at: string }>();
  const identityFiles: { value: string; at: string }[] = [];
  const errors: string[] = [...config.errors];
  const walk = (statements: readonly Statement[], initiallyActive: boolean) => {
    let active = initiallyActive;
    for (const s of statements) {
      switch (s.kind) {
        case 'host':
          active = hostMatches(s.patterns, alias);
          break;
        case 'match': {
          const hostName = first.get('hostname')?.args[0];
          // With a HostName, ssh matches its (lowercased) expansion; without, the alias as typed.
          const host =
            hostName !== undefined
              ? hostName
                  .replace(/%(.)/g, (w, t: string) => (t === 'h' ? alias : t === '%' ? '%' : w))
                  .toLowerCase()
              : alias;
          const ruser = first.get('user')?.args[0] ?? env.localUser;
          active =
            s.criteria.length > 0 &&
            s.criteria.every((c) => {
              if (c.kind === 'all') {
                return true;
              }
              const value =
                c.kind === 'host'
                  ? host
                  : c.kind === 'originalhost'
                    ? alias
                    : c.kind === 'user'
                      ? ruser
                      : env.localUser;
              // Host names match without case (match_pattern_list(..., 1)); users with case.
              const fold = c.kind === 'host' || c.kind === 'originalhost';
              return (
                listMatches(
                  fold ? c.list.toLowerCase() : c.list,
                  fold ? value.toLowerCase() : value,
                ) !== c.negate
              );
            });
          break;
        }
        case 'include':
          if (active) {
            for (const f of s.files) {
              walk(f, active);
            }
          }
          break;
        case 'option':
          if (!active) {
            break;
          }
          if (s.key in refused) {
            errors.push(`${s.at}: ${s.key} applies to '${alias}': ${refused[s.key] ?? ''}`);
          } else if (s.key === 'identityfile') {
            // ssh registers an IdentityFile once (compared as written, before expansion).
            if (!identityFiles.some((f) => f.value === s.args[0])) {
              identityFiles.push({ value: s.args[0] ?? '', at: s.at });
            }
          } else if (s.key === 'proxyjump') {
            // A ProxyJump after a ProxyCommand is ignored; the first ProxyJump (none too) wins.
            if (!first.has('proxycommand') && !first.has('proxyjump')) {
              first.set(s.key, { args: s.args, at: s.at });
            }
          } else if (s.key === 'proxycommand') {
            // Ignored after a real ProxyJump, not after `ProxyJump none` (as ssh 9.2 does).
            const jump = first.get('proxyjump')?.args[0];
            if (
              !first.has('proxycommand') &&
              (jump === undefined || jump.toLowerCase() === 'none')
            ) {
              first.set(s.key, { args: s.args, at: s.at });
            }
          } else if (!first.has(s.key)) {
            first.set(s.key, { args: s.args, at: s.at });
          }
          break;
        default: {
          const never: never = s;
          throw new Error(`unhandled ssh_config statement ${String(never)}`);
        }
      }
    }
  };
  walk(config.statements, true);
  const hostNameRaw = first.get('hostname');
  let hostName: string | undefined;
  if (hostNameRaw) {
    const r = expandTokens(hostNameRaw.args[0] ?? '', { h: alias }, 'h');
    if (r.ok) {
      // ssh lowercases the name it connects to (Match host still sees the original case).
      hostName = r.value.toLowerCase();
    } else {
      errors.push(`${hostNameRaw.at}: HostName accepts only %h and %% (got ${r.token})`);
    }
  }
  const user = first.get('user')?.args[0];
  const portText = first.get('port')?.args[0];
  const port = portText !== undefined ? Number(portText) : undefined;
  const host = hostName ?? alias.toLowerCase();
  const tokens: Tokens = {
    d: env.home,
    h: host,
    n: alias,
    p: String(port ?? 22),
    r: user ?? env.localUser,
    u: env.localUser,
  };
  const files: string[] = [];
  for (const f of identityFiles) {
    const r = expandTokens(expandTilde(f.value, env.home), tokens, 'dhnpru');
    if (r.ok) {
      files.push(r.value);
    } else {
      errors.push(
        `${f.at}: IdentityFile token ${r.token} is not supported by Ringside (use %d %h %n %p %r %u %%)`,
      );
    }
  }
  const proxy = (key: 'proxyjump' | 'proxycommand'): string | undefined => {
    const v = first.get(key);
    if (v === undefined) {
      return undefined;
    }
    const text = v.args[0] ?? '';
    return text.toLowerCase() === 'none' ? undefined : text;
  };
  const proxyCommandRaw = first.get('proxycommand');
  const proxyCommand = proxy('proxycommand');
  if (proxyCommand !== undefined && proxyCommandRaw) {
    const r = expandTokens(proxyCommand, tokens, 'hnpr');
    if (!r.ok) {
      errors.push(`${proxyCommandRaw.at}: ProxyCommand accepts %h %n %p %r %% (got ${r.token})`);
    }
  }
  const proxyJump = proxy('proxyjump');
  return {
    hostName,
    user,
    port,
    identityFiles: files,
    proxyJump,
    ...(proxyCommand !== undefined ? { proxyCommand } : {}),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** ProxyCommand with its tokens expanded for one connection (`%h %n %p %r %%`). */
export function expandProxyCommand(
  command: string,
  t: { host: string; alias: string; port: number; user: string },
): string {
  const r = expandTokens(command, { h: t.host, n: t.alias, p: String(t.port), r: t.user }, 'hnpr');
  return r.ok ? r.value : command;
}
