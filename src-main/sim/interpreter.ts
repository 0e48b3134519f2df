import type { StopSignal } from './stop-signal';
import { parseShell, type SimpleCommand } from './shell-parse';

/**
 * Runs a command line on a simulated host: `appctl` (install, rollback, restart, health,
 * version, status) behind an optional `sudo` and any path prefix, a few shell builtins, and
 * log following. Unsupported commands are refused up front (exit 127) so nothing half-runs.
 */

/** What the interpreter may do to the host it runs on. */
export interface HostActions {
  readonly hostName: string;
  version(): string;
  install(version: string): Promise<void>;
  /** Rolls back to `version` or the previous one; an error message when there is none. */
  rollback(version: string | undefined): Promise<string | null>;
  restart(): Promise<void>;
  health(): { readonly ok: boolean; readonly line: string };
  /** Sleeps `seconds` (scaled like every other simulated latency) unless aborted. */
  sleep(seconds: number, signal: StopSignal): Promise<void>;
  /** Prints the last `count` log lines. */
  recentLogs(count: number): readonly string[];
  /** Streams log lines until `signal` aborts. */
  followLogs(out: (line: string) => void, signal: StopSignal): Promise<void>;
}

export interface ExecIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Aborted when the SSH channel closes. */
  readonly signal: StopSignal;
}

export const SUPPORTED =
  'appctl install VERSION|rollback [VERSION]|restart|health|version|status, true, false, exit N, echo, sleep N, test/[ ], hostname, journalctl [-f] [-n N], tail [-f|-F] [-n N] FILE; joined by &&, || and ;';

type Builtin = (args: readonly string[], host: HostActions, io: ExecIo) => Promise<number>;

/** Thrown by `exit N` to stop the whole command line with that code. */
class ExitSignal {
  constructor(readonly code: number) {}
}

function basename(word: string): string {
  const i = word.lastIndexOf('/');
  return i >= 0 ? word.slice(i + 1) : word;
}

/** Drops `sudo` and its common flags, returning the command words underneath. */
function unwrapSudo(words: readonly string[]): readonly string[] {
  if (basename(words[0] ?? '') !== 'sudo') {
    return words;
  }
  let i = 1;
  while (i < words.length && (words[i] ?? '').startsWith('-')) {
    const flag = words[i] ?? '';
    i += flag === '-u' || flag === '-g' ? 2 : 1;
  }
  return words.slice(i);
}

/** The line count of `-n N`, `-nN` or `--lines=N`. */
function countFlag(args: readonly string[], fallback: number): number {
  const i = args.indexOf('-n');
  const joined = args
    .map((a) => /^(?:-n|--lines=)(\d+)$/.exec(a)?.[1])
    .find((x) => x !== undefined);
  const v = i >= 0 ? Number(args[i + 1]) : joined !== undefined ? Number(joined) : fallback;
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
}

const appctl: Builtin = async (args, host, io) => {
  const [sub, arg] = args;
  switch (sub) {
    case 'install':
      if (!arg) {
        io.err('appctl: install needs a VERSION');
        return 2;
      }
      await host.install(arg);
      io.out(`installed ${arg} on ${host.hostName}`);
      return 0;
    case 'rollback': {
      const error = await host.rollback(arg);
      if (error !== null) {
        io.err(`appctl: ${error}`);
        return 1;
      }
      io.out(`rolled back to ${host.version()} on ${host.hostName}`);
      return 0;
    }
    case 'restart':
      await host.restart();
      io.out(`restarted ${host.hostName}`);
      return 0;
    case 'health': {
      const h = host.health();
      (h.ok ? io.out : io.err)(h.line);
      return h.ok ? 0 : 1;
    }
    case 'version':
      io.out(host.version());
      return 0;
    case 'status':
      io.out(`${host.hostName} running ${host.version()}`);
      return 0;
    default:
      io.err(
        `appctl: unknown subcommand '${sub ?? ''}' (expected install, rollback, restart, health, version, status)`,
      );
      return 2;
  }
};

function evalTest(a: readonly string[]): boolean | null {
  if (a[0] === '!') {
    const inner = evalTest(a.slice(1));
    return inner === null ? null : !inner;
  }
  if (a.length === 0) {
    return false;
  }
  if (a.length === 1) {
    return (a[0] ?? '') !== '';
  }
  if (a.length === 2) {
    return a[0] === '-n' ? (a[1] ?? '') !== '' : a[0] === '-z' ? (a[1] ?? '') === '' : null;
  }
  if (a.length === 3) {
    const [l = '', op, r = ''] = a;
    const n = (s: string): number => Number(s);
    switch (op) {
      case '=':
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '-eq':
        return n(l) === n(r);
      case '-ne':
        return n(l) !== n(r);
      case '-lt':
        return n(l) < n(r);
      case '-le':
        return n(l) <= n(r);
      case '-gt':
        return n(l) > n(r);
      case '-ge':
        return n(l) >= n(r);
      default:
        return null;
    }
  }
  return null;
}

/** `-o cat` prints the bare message, as journald does. */
function bare(line: string): string {
  return line.replace(/^\S+ \S+ app\[\d+\]: /, '');
}

/** journalctl / tail: the last `-n` lines (default 10), then with -f/-F every new line until the channel closes. */
async function showLogs(
  args: readonly string[],
  host: HostActions,
  io: ExecIo,
  messageOnly: boolean,
): Promise<number> {
  const out = messageOnly ? (l: string) => io.out(bare(l)) : io.out;
  host.recentLogs(countFlag(args, 10)).forEach((l) => out(l));
  if (args.some((a) => a === '-f' || a === '-F' || a === '--follow')) {
    await host.followLogs(out, io.signal);
  }
  return 0;
}

const builtins: Readonly<Record<string, Builtin>> = {
  appctl,
  true: async () => 0,
  false: async () => 1,
  exit: async (args) => {
    throw new ExitSignal(args[0] === undefined ? 0 : Number(args[0]) & 255);
  },
  echo: async (args, _h, io) => {
    const noNewline = args[0] === '-n';
    io.out((noNewline ? args.slice(1) : args).join(' '));
    return 0;
  },
  hostname: async (_a, host, io) => {
    io.out(host.hostName);
    return 0;
  },
  sleep: async (args, host, io) => {
    await host.sleep(Number(args[0] ?? '0'), io.signal);
    return 0;
  },
  test: async (args, _h, io) => {
    const r = evalTest(args);
    if (r === null) {
      io.err(`test: unsupported expression '${args.join(' ')}'`);
      return 2;
    }
    return r ? 0 : 1;
  },
  '[': async (args, h, io) => {
    if (args[args.length - 1] !== ']') {
      io.err("[: missing ']'");
      return 2;
    }
    return builtins.test?.(args.slice(0, -1), h, io) ?? 2;
  },
  journalctl: (args, host, io) =>
    showLogs(args, host, io, args.includes('-o') && args[args.indexOf('-o') + 1] === 'cat'),
  tail: (args, host, io) => showLogs(args, host, io, false),
};

function resolve(cmd: SimpleCommand): { name: string; args: readonly string[] } | null {
  const words = unwrapSudo(cmd.words);
  const name = basename(words[0] ?? '');
  return name in builtins ? { name, args: words.slice(1) } : null;
}

/** Checks a command line without running it; null when every part can be simulated. */
export function checkCommand(line: string): string | null {
  const parsed = parseShell(line);
  if (!parsed.ok) {
    return `ringside-sim: cannot simulate '${line}': ${parsed.error} (supported: ${SUPPORTED})`;
  }
  for (const c of parsed.commands) {
    if (resolve(c) === null) {
      return `ringside-sim: cannot simulate '${c.words.join(' ')}' (supported: ${SUPPORTED})`;
    }
  }
  return null;
}

/** Runs a command line on `host`; resolves to its exit code (127: cannot simulate). */
export async function runCommand(line: string, host: HostActions, io: ExecIo): Promise<number> {
  const problem = checkCommand(line);
  const parsed = parseShell(line);
  if (problem !== null || !parsed.ok) {
    io.err(problem ?? 'ringside-sim: parse error');
    return 127;
  }
  let code = 0;
  try {
    for (const c of parsed.commands) {
      if ((c.join === '&&' && code !== 0) || (c.join === '||' && code === 0)) {
        continue;
      }
      if (io.signal.aborted) {
        return 130;
      }
      const r = resolve(c);
      const fn = r ? builtins[r.name] : undefined;
      code = r && fn ? await fn(r.args, host, io) : 127;
    }
  } catch (e) {
    if (e instanceof ExitSignal) {
      return e.code;
    }
    throw e;
  }
  return code;
}
