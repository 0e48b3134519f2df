/**
 * `~/.ssh/config` as OpenSSH 9.2's `ssh -G` reads it: keywords case-insensitive, arguments
 * split like `argv_split` (quotes, backslashes, `#` starting a comment), `Host` and `Match`
 * (`all`, `host`, `originalhost`, `user`, `localuser`) with case-sensitive patterns,
 * `Include` (globs, relative to ~/.ssh, depth 16), first value wins except IdentityFile,
 * ports 1-65535, and the `%` tokens of HostName, IdentityFile, ProxyCommand and ProxyJump.
 * What Ringside cannot honour (`Match exec`, canonicalization, certificates, other
 * known_hosts files) is an error naming FILE:LINE, never skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { matchPatternCase as matchPattern } from './pattern';

/** One statement of a config file, with where it was written. */
type Statement =
  | { readonly kind: 'host'; readonly patterns: readonly string[]; readonly at: string }
  | { readonly kind: 'match'; readonly criteria: readonly Criterion[]; readonly at: string }
  | {
      readonly kind: 'option';
      readonly key: string;
      readonly args: readonly string[];
      readonly at: string;
    }
  | {
      readonly kind: 'include';
      readonly files: readonly (readonly Statement[])[];
      readonly at: string;
    };

type Criterion =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'host' | 'originalhost' | 'user' | 'localuser';
      readonly list: string;
      readonly negate: boolean;
    };

/** Parsed ssh_config, ready to resolve host aliases. */
export interface SshConfig {
  readonly file: string;
  readonly statements: readonly Statement[];
  /** FILE:LINE: message, for everything ssh would refuse or Ringside cannot honour. */
  readonly errors: readonly string[];
}

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

/** `argv_split` with comments: quotes group, `\` escapes, `#` at a word start ends the line. */
export function splitArgs(
  text: string,
): { ok: true; args: string[] } | { ok: false; message: string } {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) {
      i++;
    }
    if (i >= text.length || text[i] === '#') {
      break;
    }
    let cur = '';
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (quote === undefined && /\s/.test(ch)) {
        break;
      }
      if (
        ch === '\\' &&
        i + 1 < text.length &&
        (quote === undefined || text[i + 1] === quote || text[i + 1] === '\\')
      ) {
        cur += text[++i];
      } else if (quote === undefined && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (ch === quote) {
        quote = undefined;
      } else {
        cur += ch;
      }
    }
    if (quote !== undefined) {
      return { ok: false, message: 'unterminated quote' };
    }
    args.push(cur);
  }
  return { ok: true, args };
}

interface ParseEnv {
  readonly home: string;
}

function parseFile(
  text: string,
  file: string,
  env: ParseEnv,
  errors: string[],
  depth: number,
): Statement[] {
  const out: Statement[] = [];
  text.split('\n').forEach((raw, i) => {
    const at = `${file}:${i + 1}`;
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const m = /^([^\s=]+)(?:\s*=\s*|\s+|$)(.*)$/.exec(line);
    const key = (m?.[1] ?? '').toLowerCase();
    const split = splitArgs(m?.[2] ?? '');
    if (!m || !split.ok) {
      errors.push(`${at}: ${split.ok ? 'expected a keyword' : split.message}`);
      return;
    }
    // ProxyCommand (and LocalCommand) take the rest of the line verbatim, `#` included.
    const args =
      key === 'proxycommand' || key === 'localcommand'
        ? [(m[2] ?? '').replace(/\s+$/, '')].filter((a) => a !== '')
        : split.args;
    switch (key) {
      case 'host':
        if (args.length === 0) {
          errors.push(`${at}: Host needs at least one pattern`);
        }
        out.push({ kind: 'host', patterns: args, at });
        return;
      case 'match': {
        const criteria = parseMatch(args, at, errors);
        out.push({ kind: 'match', criteria, at });
        return;
      }
      case 'include': {
        if (depth >= 16) {
          errors.push(`${at}: Include nested too deep (OpenSSH stops at 16)`);
          return;
        }
        const files: Statement[][] = [];
        for (const arg of args) {
          const pattern = arg.startsWith('~/')
            ? path.join(env.home, arg.slice(2))
            : path.isAbsolute(arg)
              ? arg
              : path.join(env.home, '.ssh', arg);
          for (const f of globFiles(pattern)) {
            let body: string;
            try {
              body = readFileSync(f, 'utf8');
            } catch (e) {
              errors.push(`${at}: Include ${f}: ${e instanceof Error ? e.message : String(e)}`);
              continue;
            }
            files.push(parseFile(body, f, env, errors, depth + 1));
          }
        }
        out.push({ kind: 'include', files, at });
        return;
      }
      case 'port': {
        const p = args[0] ?? '';
        if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
          errors.push(`${at}: bad port '${p}' (expected 1-65535)`);
          return;
        }
        break;
      }
      case 'proxyjump':
        if ((m[2] ?? '').includes('#')) {
          // ssh 9.2 reads the rest of a ProxyJump line raw: a comment becomes part of the jump.
          errors.push(
            `${at}: ProxyJump with a trailing comment (OpenSSH reads the comment as part of the jump): move the comment to its own line`,
          );
          return;
        }
        break;
      case 'canonicalizehostname':
        if ((args[0] ?? '').toLowerCase() !== 'no') {
          errors.push(
            `${at}: CanonicalizeHostname ${args[0] ?? ''} is not supported by Ringside (set it to no, or give the full name with HostName)`,
          );
        }
        return;
      default:
        break;
    }
    if (args.length === 0) {
      errors.push(`${at}: ${m[1]} needs a value`);
      return;
    }
    out.push({ kind: 'option', key, args, at });
  });
  return out;
}

function parseMatch(args: readonly string[], at: string, errors: string[]): Criterion[] {
  const criteria: Criterion[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    const negate = word.startsWith('!');
    const kind = (negate ? word.slice(1) : word).toLowerCase();
    if (kind === 'all') {
      if (args.length !== 1) {
        errors.push(`${at}: Match all must stand alone`);
      }
      criteria.push({ kind: 'all' });
    } else if (
      kind === 'host' ||
      kind === 'originalhost' ||
      kind === 'user' ||
      kind === 'localuser'
    ) {
      const list = args[++i];
      if (list === undefined) {
        errors.push(`${at}: Match ${kind} needs a pattern list`);
        break;
      }
      criteria.push({ kind, list, negate });
    } else if (
      kind === 'exec' ||
      kind === 'canonical' ||
      kind === 'final' ||
      kind === 'localnetwork'
    ) {
      errors.push(
        `${at}: Match ${kind} is not supported by Ringside (it would run or depend on ssh's own state); use Host or Match host/user blocks`,
      );
      return [];
    } else {
      errors.push(`${at}: unknown Match criterion '${word}'`);
      return [];
    }
  }
  if (criteria.length === 0 && args.length === 0) {
    errors.push(`${at}: Match needs criteria`);
  }
  return criteria;
}

/** The files a glob names, sorted as glob(3) does; `*`, `?` and `[...]` in the last parts. */
function globFiles(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) {
    try {
      return statSync(pattern).isFile() ? [pattern] : [];
    } catch {
      return [];
    }
  }
  const parts = pattern.split('/');
  let dirs = [parts[0] === '' ? '/' : (parts[0] ?? '.')];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next: string[] = [];
    for (const d of dirs) {
      if (!/[*?[]/.test(part)) {
        next.push(path.join(d, part));
        continue;
      }
      let names: string[] = [];
      try {
        names = readdirSync(d).filter((n) => !n.startsWith('.') || part.startsWith('.'));
      } catch {
        names = [];
      }
      const re = new RegExp(
        `^${part
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      next.push(
        ...names
          .filter((n) => re.test(n))
          .sort()
          .map((n) => path.join(d, n)),
      );
    }
    dirs = next;
  }
  return dirs.filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}

/** Parse ssh_config text; `Include` files are read relative to `home`/.ssh. */
export function parseSshConfig(
  text: string,
  file: string,
  env: { readonly home?: string } = {},
): SshConfig {
  const errors: string[] = [];
  const statements = parseFile(
    text,
    file,
    { home: env.home ?? process.env.HOME ?? '/' },
    errors,
    0,
  );
  return { file, statements, errors };
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
