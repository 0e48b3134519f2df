/**
 * The terminal passphrase prompt, driven through injected streams (a pseudo-terminal is not
 * needed to check what is written, what is read and how often it asks).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createTerminalPassphraseProvider,
  readHiddenLine,
  type PromptTerminal,
} from '../../src-main/cli/passphrase-prompt';

interface FakeTerminal extends PromptTerminal {
  readonly shown: () => string;
  readonly rawModes: boolean[];
  closed: number;
}

function terminal(typed: string): FakeTerminal {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (d: string) => (shown += d));
  const rawModes: boolean[] = [];
  const t: FakeTerminal = {
    input: Object.assign(input, { setRawMode: (raw: boolean) => rawModes.push(raw) }),
    output,
    rawModes,
    closed: 0,
    shown: () => shown,
    close: () => {
      t.closed += 1;
    },
  };
  // Typed after the prompt is listening, as a person would.
  setImmediate(() => input.write(typed));
  return t;
}

/** A person answering each prompt with the next line, once the prompt is shown. */
function typing(lines: string[]): FakeTerminal {
  const t = terminal('');
  const input = t.input as PassThrough;
  t.output.on('data', (d: Buffer | string) => {
    if (String(d).startsWith('Enter passphrase')) {
      const next = lines.shift();
      setImmediate(() => (next === undefined ? input.end() : input.write(`${next}\n`)));
    }
  });
  return t;
}

/** These prompts test the terminal, not the key: every phrase unlocks. */
const anyPhrase = (): boolean => true;

describe('terminal passphrase prompt', () => {
  it('reads a line with echo off (raw mode) and never writes what was typed', async () => {
    const t = terminal('corr\u007fect horse\r');
    const answer = await readHiddenLine(t, 'Enter passphrase: ');
    expect(answer).toBe('corect horse');
    expect(t.shown()).toBe('Enter passphrase: \n');
    expect(t.rawModes).toEqual([true, false]);
  });

  it('treats Ctrl-C, Ctrl-D and an empty line as "skip this key"', async () => {
    for (const typed of ['abc\u0003', '\u0004', '\n']) {
      expect(await readHiddenLine(terminal(typed), '? ')).toBeNull();
    }
  });

  it('asks once for concurrent requests of one key, names it under ~ and closes the terminal', async () => {
    const opened: FakeTerminal[] = [];
    const provide = createTerminalPassphraseProvider({
      home: '/home/op',
      warn: () => undefined,
      openTerminal: () => {
        const t = terminal('s3cret\n');
        opened.push(t);
        return t;
      },
    });
    const [a, b] = await Promise.all([
      provide('/home/op/.ssh/id_ed25519', anyPhrase),
      provide('/home/op/.ssh/id_ed25519', anyPhrase),
    ]);
    expect([a, b]).toEqual(['s3cret', 's3cret']);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.shown()).toBe('Enter passphrase for key ~/.ssh/id_ed25519: \n');
    expect(opened[0]?.closed).toBe(1);
  });

  it('asks again after a typo, at most three times, and never returns a phrase that does not unlock (issue 10)', async () => {
    const warnings: string[] = [];
    const provide = createTerminalPassphraseProvider({
      home: '/home/op',
      warn: (l) => warnings.push(l),
      openTerminal: () => typing(['typo', 'good']),
    });
    expect(await provide('/keys/a', (p) => p === 'good')).toBe('good');
    expect(warnings).toEqual(['wrong passphrase for /keys/a, try again (attempt 1 of 3)']);
    warnings.length = 0;
    const stubborn = createTerminalPassphraseProvider({
      home: '/home/op',
      warn: (l) => warnings.push(l),
      openTerminal: () => typing(['a', 'b', 'c', 'd']),
    });
    expect(await stubborn('/keys/b', () => false)).toBeNull();
    expect(warnings.at(-1)).toBe(
      'key /keys/b: wrong passphrase 3 times; the hosts that need it wait for you, not failed (ringside retry-passphrase JOURNAL HOST asks again)',
    );
  });

  it('asks again for a declined key when asked again (the operator retried; the SSH adapter keeps it locked until then)', async () => {
    let opens = 0;
    const warnings: string[] = [];
    const provide = createTerminalPassphraseProvider({
      home: '/home/op',
      warn: (l) => warnings.push(l),
      openTerminal: () => (opens++, terminal('\n')),
    });
    expect(await provide('/keys/a', anyPhrase)).toBeNull();
    expect(await provide('/keys/a', anyPhrase)).toBeNull();
    expect(opens).toBe(2);
    expect(warnings[0]).toBe(
      'key /keys/a: no passphrase given; the hosts that need it wait for you, not failed (ringside retry-passphrase JOURNAL HOST asks again)',
    );
  });

  it('without a terminal says once per key why it is skipped', async () => {
    const warnings: string[] = [];
    const provide = createTerminalPassphraseProvider({
      home: '/home/op',
      warn: (l) => warnings.push(l),
      openTerminal: () => null,
    });
    expect(await provide('/home/op/.ssh/id_ed25519', anyPhrase)).toBeNull();
    expect(await provide('/home/op/.ssh/id_ed25519', anyPhrase)).toBeNull();
    expect(warnings).toEqual([
      'key ~/.ssh/id_ed25519 is encrypted and no terminal is available to ask for its passphrase; load it into ssh-agent instead',
    ]);
  });
});
