/**
 * In-process `ringside` runs for tests: a {@link CliIo} that keeps every line the verb
 * printed, so a test can assert on stdout and stderr without spawning a process.
 */
import type { CliIo } from '../../src-main/cli/args';
import { runCli } from '../../src-main/cli/main';

/** Where the captured verb runs: its working directory and environment. */
export interface CaptureOptions {
  /** Defaults to the test process's working directory. */
  readonly cwd?: string;
  /** Defaults to an empty environment, so nothing of the tester's shell leaks in. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The lines a verb printed so far, and the io to hand it. */
export interface CapturedIo {
  readonly out: string[];
  readonly err: string[];
  readonly io: CliIo;
  /** Resolves with the next stdout line (for verbs that keep running, like `serve`). */
  nextOut(): Promise<string>;
}

/** A fresh {@link CliIo} that records every line into `out` and `err`. */
export function captureCliIo(opts: CaptureOptions = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  let onOut: (line: string) => void = () => undefined;
  return {
    out,
    err,
    nextOut: () => new Promise<string>((resolve) => (onOut = resolve)),
    io: {
      out: (line) => {
        out.push(line);
        onOut(line);
      },
      err: (line) => err.push(line),
      cwd: opts.cwd ?? process.cwd(),
      env: opts.env ?? {},
    },
  };
}

/** How an in-process `ringside` run ended, with the lines it printed. */
export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Runs `ringside ARGV...` in this process and waits for its exit code. */
export async function runCliCaptured(
  argv: readonly string[],
  opts: CaptureOptions = {},
): Promise<CliRun> {
  const t = captureCliIo(opts);
  const code = await runCli(argv, t.io);
  return { code, out: t.out, err: t.err };
}
