import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { runCommand } from './exec';

/** A channel that closes when asked to, like ssh2's once the server confirms. */
function fakeChannel(): EventEmitter & { stderr: EventEmitter; close(): void; signal(): void } {
  const channel = Object.assign(new EventEmitter(), {
    stderr: new EventEmitter(),
    signal: () => undefined,
    close: () => setImmediate(() => channel.emit('close')),
  });
  return channel;
}

describe('runCommand', () => {
  it('stops a command whose signal aborted while its channel was opening', async () => {
    // The race behind `ringside serve` hanging on SIGINT: the console's log follow was
    // aborted between client.exec() and its callback, so the follow never stopped.
    const abort = new AbortController();
    const client = {
      exec: (_command: string, cb: (err: Error | undefined, ch: unknown) => void) => {
        abort.abort();
        setImmediate(() => cb(undefined, fakeChannel()));
      },
    } as unknown as Client;
    const outcome = await Promise.race([
      runCommand(
        client,
        'journalctl -f',
        { timeoutMs: 60_000, signal: abort.signal },
        { maxLineChars: 1000, tailLines: 10 },
      ),
      new Promise((r) => setTimeout(() => r('still running after 2 s'), 2_000)),
    ]);
    expect(outcome).toMatchObject({ kind: 'cancelled' });
  });
});
