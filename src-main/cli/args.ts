import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad command-line input; main prints its message on one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes shared by every verb. */
export const Exit = {
  ok: 0,
  internal: 1,
  badInput: 2,
  waitingForPromotion: 3,
  halted: 4,
} as const;

/** IO handed to verbs so tests can run them in-process. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface Verb {
  readonly name: string;
  readonly summary: string;
  /** Full help text, printed by `ringside VERB --help`. */
  readonly usage: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/** parseArgs with strict checking, turning its errors into one-line UsageErrors. */
export function parseVerbArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  verb: string,
  argv: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(`ringside ${verb}: ${msg} (see ringside ${verb} --help)`);
  }
}
