/**
 * Runs one command over an established connection: no pty, output split into bounded lines,
 * a timeout that signals the remote process and closes the channel.
 */
import type { Client, ClientChannel } from 'ssh2';
import { LineSplitter, TailBuffer, type OutputStream } from './line-buffer';
import type { ExecOptions, ExecResult } from './types';

/**
 * sshd starts each session's shell as a session leader, so its pid is also the process group
 * of everything the command starts. The command announces it on stderr (this line is
 * consumed, never shown) so a timeout can kill the whole group, not just the shell: a signal
 * request alone would leave `sleep 30` in `sleep 30; echo done` running.
 */
const PID_PREFIX = '\u001eringside-pid=';

function withPidAnnouncement(command: string): string {
  return `printf '\\036ringside-pid=%s\\n' "$$" >&2\n${command}`;
}

function killGroup(client: Client, pid: number): Promise<void> {
  return new Promise((resolve) => {
    const done = setTimeout(resolve, 2_000);
    client.exec(`kill -9 -${pid} 2>/dev/null; kill -9 ${pid} 2>/dev/null; true`, (err, ch) => {
      if (err !== undefined) {
        clearTimeout(done);
        resolve();
        return;
      }
      ch.resume();
      ch.stderr.resume();
      ch.once('close', () => {
        clearTimeout(done);
        resolve();
      });
    });
  });
}

/** How long a stopped command's channel may take to confirm its close. */
const CLOSE_GRACE_MS = 5_000;

export interface OutputLimits {
  /** Lines longer than this are cut (characters). */
  readonly maxLineChars: number;
  /** Lines kept for the journal's tail. */
  readonly tailLines: number;
}

/** The channel could not be opened: the connection is dead and should be replaced. */
export interface ChannelOpenFailure {
  readonly kind: 'channel-failed';
  readonly reason: string;
}

type RunResult =
  Extract<ExecResult, { kind: 'ok' | 'failed' | 'timeout' | 'cancelled' }> | ChannelOpenFailure;

/** Execute `command`; resolves when the channel closes, the timeout fires or the caller aborts. */
export function runCommand(
  client: Client,
  command: string,
  opts: ExecOptions,
  limits: OutputLimits,
): Promise<RunResult> {
  const started = Date.now();
  const tail = new TailBuffer(limits.tailLines);
  let remotePid: number | null = null;
  const splitter = (stream: OutputStream): LineSplitter =>
    new LineSplitter(limits.maxLineChars, (line) => {
      if (remotePid === null && stream === 'stderr' && line.startsWith(PID_PREFIX)) {
        const digits = line.slice(PID_PREFIX.length);
        if (/^\d+$/.test(digits)) {
          remotePid = Number(digits);
          return;
        }
      }
      tail.push({ stream, line });
      opts.onLine?.(stream, line);
    });
  return new Promise<RunResult>((resolve) => {
    if (opts.signal?.aborted === true) {
      resolve({ kind: 'cancelled', durationMs: 0, tail: [] });
      return;
    }
    client.exec(withPidAnnouncement(command), (err: Error | undefined, channel: ClientChannel) => {
      if (err !== undefined) {
        resolve({ kind: 'channel-failed', reason: err.message });
        return;
      }
      const out = splitter('stdout');
      const errOut = splitter('stderr');
      let exitCode: number | null = null;
      let exitSignal: string | null = null;
      let stopped: 'timeout' | 'cancelled' | null = null;
      const stop = (why: 'timeout' | 'cancelled'): void => {
        if (stopped !== null) {
          return;
        }
        stopped = why;
        const pid = remotePid;
        void (pid !== null ? killGroup(client, pid) : Promise.resolve()).then(() => {
          // Without a known pid, OpenSSH's "signal" request still reaches the shell; closing
          // the channel makes sure we stop waiting even where neither worked.
          try {
            channel.signal('KILL');
          } catch {
            // The channel may already be closing.
          }
          channel.close();
          // A dead connection may never confirm the close; the step must end regardless.
          setTimeout(finish, CLOSE_GRACE_MS).unref();
        });
      };
      const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
      const onAbort = (): void => stop('cancelled');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      // An abort while the channel was opening fired before this listener existed, and an
      // aborted signal never fires again: without this the command (e.g. a log follow) runs
      // on until its timeout, and whoever awaits it — a console closing on SIGINT — hangs.
      if (opts.signal?.aborted === true) {
        stop('cancelled');
      }
      channel.on('data', (chunk: Buffer) => out.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => errOut.push(chunk));
      channel.on('exit', (code: number | null, signal?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        exitSignal = typeof signal === 'string' ? signal : null;
      });
      let finished = false;
      const finish = (): void => {
        if (finished) {
          return;
        }
        finished = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        out.end();
        errOut.end();
        const durationMs = Date.now() - started;
        const lines = tail.lines();
        if (stopped === 'timeout') {
          resolve({ kind: 'timeout', timeoutMs: opts.timeoutMs, durationMs, tail: lines });
        } else if (stopped === 'cancelled') {
          resolve({ kind: 'cancelled', durationMs, tail: lines });
        } else if (exitCode === 0) {
          resolve({ kind: 'ok', exitCode: 0, durationMs, tail: lines });
        } else {
          resolve({ kind: 'failed', exitCode, signal: exitSignal, durationMs, tail: lines });
        }
      };
      channel.once('close', finish);
    });
  });
}
