/**
 * The CLI's PassphraseProvider: asks for an encrypted key's passphrase on the terminal with
 * echo off. The answer lives only in this process's memory (the SSH adapter keeps the
 * unlocked key, never the phrase); without a terminal it says so and gives none. A key left
 * locked makes its hosts wait for a person (not fail); the SSH adapter does not ask for it
 * again until `ringside retry-passphrase` asks.
 */
import { openSync } from 'node:fs';
import os from 'node:os';
import tty from 'node:tty';
import { MAX_PASSPHRASE_ATTEMPTS, type PassphraseProvider } from '../adapters/ssh';

/** Where a prompt is read and written: /dev/tty, stdin/stderr, or a test's streams. */
export interface PromptTerminal {
  readonly input: NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => unknown };
  readonly output: NodeJS.WritableStream;
  /** Releases the terminal (closes /dev/tty); called after every prompt. */
  readonly close: () => void;
}

export interface TerminalPassphraseOptions {
  /** One-line warnings (no terminal, cancelled). */
  readonly warn: (line: string) => void;
  /** Opens the terminal to ask on, or null when none; default {@link openControllingTerminal}. */
  readonly openTerminal?: () => PromptTerminal | null;
  /** HOME, to show key paths as `~/...`. */
  readonly home?: string;
}

/**
 * The controlling terminal (/dev/tty, as ssh does, so piped stdin still works), else stdin
 * when it is a TTY, else null (cron, CI, a detached service).
 */
export function openControllingTerminal(): PromptTerminal | null {
  try {
    const fd = openSync('/dev/tty', 'r+');
    const input = new tty.ReadStream(fd);
    const output = new tty.WriteStream(fd);
    return {
      input,
      output,
      close: () => {
        // Both streams share the fd: destroying the input closes it once.
        input.destroy();
      },
    };
  } catch {
    // ENXIO/ENOENT: no controlling terminal; fall back to stdin if it is one.
  }
  if (process.stdin.isTTY) {
    return { input: process.stdin, output: process.stderr, close: () => process.stdin.pause() };
  }
  return null;
}

/** What happens to the hosts that need a key left locked. */
const WAIT =
  'the hosts that need it wait for you, not failed (ringside retry-passphrase JOURNAL HOST asks again)';

function shown(keyPath: string, home: string | undefined): string {
  return home !== undefined && home !== '' && keyPath.startsWith(`${home}/`)
    ? `~${keyPath.slice(home.length)}`
    : keyPath;
}

/**
 * Reads one line with echo off. Resolves null on Ctrl-C, Ctrl-D, an empty line or the end
 * of input: the operator chose not to unlock this key.
 */
export function readHiddenLine(term: PromptTerminal, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    const { input, output } = term;
    const raw = typeof input.setRawMode === 'function';
    let typed = '';
    const finish = (value: string | null): void => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      if (raw) {
        input.setRawMode?.(false);
      }
      input.pause();
      output.write('\n');
      resolve(value === '' ? null : value);
    };
    const onEnd = (): void => finish(null);
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          finish(typed);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish(null);
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          typed = typed.slice(0, -1);
        } else {
          typed += ch;
        }
      }
    };
    output.write(prompt);
    if (raw) {
      // Raw mode: no echo, and each key arrives at once (so Enter ends the line here).
      input.setRawMode?.(true);
    }
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}

/**
 * A PassphraseProvider for `ringside run`: prompts are serialized (one terminal) and
 * concurrent requests for one key share one prompt. A typed passphrase is checked against the
 * key and asked again after a typo (at most MAX_PASSPHRASE_ATTEMPTS times); it is not cached
 * here: the SSH adapter caches the unlocked key, and keeps a key nobody unlocked from being
 * asked for again until the operator retries (so a retry does ask).
 */
export function createTerminalPassphraseProvider(
  opts: TerminalPassphraseOptions,
): PassphraseProvider {
  const open = opts.openTerminal ?? openControllingTerminal;
  const home = opts.home ?? os.homedir();
  const pending = new Map<string, Promise<string | null>>();
  // Without a terminal a retry cannot help: say why once per key, not at every retry.
  const warnedNoTerminal = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  const ask = async (
    keyPath: string,
    unlocks: (passphrase: string) => boolean,
  ): Promise<string | null> => {
    const name = shown(keyPath, home);
    const term = open();
    if (term === null) {
      if (warnedNoTerminal.has(keyPath)) {
        return null;
      }
      warnedNoTerminal.add(keyPath);
      opts.warn(
        `key ${name} is encrypted and no terminal is available to ask for its passphrase; load it into ssh-agent instead`,
      );
      return null;
    }
    try {
      // A typo is asked again (a bounded number of times), not a failed host.
      for (let attempt = 1; attempt <= MAX_PASSPHRASE_ATTEMPTS; attempt++) {
        const answer = await readHiddenLine(term, `Enter passphrase for key ${name}: `);
        if (answer === null) {
          opts.warn(`key ${name}: no passphrase given; ${WAIT}`);
          return null;
        }
        if (unlocks(answer)) {
          return answer;
        }
        opts.warn(
          `wrong passphrase for ${name}, try again (attempt ${attempt} of ${MAX_PASSPHRASE_ATTEMPTS})`,
        );
      }
      opts.warn(`key ${name}: wrong passphrase ${MAX_PASSPHRASE_ATTEMPTS} times; ${WAIT}`);
      return null;
    } finally {
      term.close();
    }
  };

  return (keyPath, unlocks) => {
    const inFlight = pending.get(keyPath);
    if (inFlight !== undefined) {
      return inFlight;
    }
    const next = queue.then(() => ask(keyPath, unlocks));
    queue = next.catch(() => null);
    pending.set(keyPath, next);
    void next.then(
      () => pending.delete(keyPath),
      () => pending.delete(keyPath),
    );
    return next;
  };
}
