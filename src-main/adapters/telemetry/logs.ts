import { shellQuote } from '../../core/shell-quote';
import {
  compileLogSignal,
  emptyLogTally,
  tallyLine,
  type LogSignalConfig,
  type LogTally,
} from '../../core/telemetry/log-signature';

/** Where a host's log comes from. */
export type LogSource =
  | { readonly kind: 'journal'; readonly unit: string }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The follow command for a log source: only new lines (`-n 0`), raw message text, and every
 * value single-quoted so a unit or path can never inject shell syntax. Nor can it become an
 * option: the unit is glued to `--unit=` and the path follows `--`, so `-c 1 /etc/passwd` is
 * a file name.
 */
export function followCommand(source: LogSource): string {
  switch (source.kind) {
    case 'journal':
      return `journalctl -f -n 0 -o cat --unit=${shellQuote(source.unit)}`;
    case 'file':
      return `tail -n 0 -F -- ${shellQuote(source.path)}`;
    default: {
      const never: never = source;
      throw new Error(`unknown log source ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Runs a long-lived command on a host, handing stdout chunks to `onStdout` as they arrive,
 * until it ends or `signal` aborts. Implemented by the SSH adapter; must resolve, not reject.
 */
export type StreamExecFn = (
  host: string,
  command: string,
  opts: { readonly signal: AbortSignal; readonly onStdout: (chunk: string) => void },
) => Promise<{ readonly ok: boolean; readonly message?: string }>;

/** What to follow and how to read it. */
export interface LogFollowOptions {
  /** Sampled hosts per ring (the baseline may be a ring named e.g. "baseline"). */
  readonly rings: Readonly<Record<string, readonly string[]>>;
  readonly source: LogSource;
  readonly signal: LogSignalConfig;
  readonly exec: StreamExecFn;
  readonly clock?: () => number;
  /** Called for every complete line (for a live log view). */
  readonly onLine?: (ring: string, host: string, line: string) => void;
}

/** A running follow. */
export interface LogFollower {
  readonly ok: true;
  /** Error lines per minute, signatures, samples and trace ids of one ring so far. */
  tally(ring: string): LogTally;
  /** Hosts whose stream ended, with why: a silent host is not a healthy host. */
  ended(): Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/** Follows the log on every sampled host of every ring and tallies error lines per ring. */
export function followLogs(
  opts: LogFollowOptions,
): LogFollower | { readonly ok: false; readonly message: string } {
  const compiled = compileLogSignal(opts.signal);
  if (!compiled.ok) {
    return compiled;
  }
  const clock = opts.clock ?? Date.now;
  const command = followCommand(opts.source);
  const abort = new AbortController();
  const tallies = new Map<string, LogTally>();
  const ended: Record<string, string> = {};
  const runs: Promise<void>[] = [];
  for (const [ring, hosts] of Object.entries(opts.rings)) {
    tallies.set(ring, emptyLogTally);
    for (const host of hosts) {
      let partial = '';
      const onStdout = (chunk: string): void => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const raw of parts) {
          const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
          if (line === '') {
            continue;
          }
          tallies.set(ring, tallyLine(tallies.get(ring) ?? emptyLogTally, line, clock(), compiled));
          opts.onLine?.(ring, host, line);
        }
      };
      runs.push(
        opts.exec(host, command, { signal: abort.signal, onStdout }).then((r) => {
          if (!abort.signal.aborted) {
            ended[host] = r.ok ? 'log stream ended' : (r.message ?? 'log stream failed');
          }
        }),
      );
    }
  }
  return {
    ok: true,
    tally: (ring) => tallies.get(ring) ?? emptyLogTally,
    ended: () => ({ ...ended }),
    async stop() {
      abort.abort();
      await Promise.all(runs);
    },
  };
}
