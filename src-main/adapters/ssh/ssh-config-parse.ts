/**
 * Reading `~/.ssh/config` as OpenSSH 9.2's `ssh -G` does (resolving a host against it is
 * ssh-config.ts): keywords case-insensitive, arguments
 * split like `argv_split` (quotes, backslashes, `#` starting a comment), `Host` and `Match`
 * (`all`, `host`, `originalhost`, `user`, `localuser`) with case-sensitive patterns,
 * `Include` (globs, relative to ~/.ssh, depth 16), first value wins except IdentityFile,
 * ports 1-65535, and the `%` tokens of HostName, IdentityFile, ProxyCommand and ProxyJump.
 * What Ringside cannot honour (`Match exec`, canonicalization, certificates, other
 * known_hosts files) is an error naming FILE:LINE, never skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One statement of a config file, with where it was written. */
export type Statement =
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

export type Criterion =
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
