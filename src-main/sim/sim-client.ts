import net from 'node:net';
import ssh2 from 'ssh2';
import type { SimHostInfo } from './fleet';

/**
 * A minimal ssh2 client for one command on one simulated host, verifying the host key
 * against the fleet's inventory. For tests, drills and demos; the rollout engine uses the
 * real SSH adapter instead.
 */

export interface SimExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SimExecOptions {
  /** Handshake timeout (default 10 s). */
  readonly readyTimeoutMs?: number;
  /** Host key (`ssh-ed25519 AAAA...`) to expect; default the one in the inventory. */
  readonly expectHostKey?: string;
  /** Called with each stdout chunk; return true to close the channel (e.g. after enough log lines). */
  readonly onStdout?: (text: string) => boolean;
  /** Closes the channel when aborted (the command sees its channel close). */
  readonly signal?: AbortSignal;
}

/** Who connects: a SimFleet fits, and so does an identity read back from an inventory. */
export interface SimIdentity {
  readonly user: string;
  readonly clientKey: { readonly privateKey: string };
}

/** Runs `command` on `host`; rejects on connection, host key or auth errors (the ssh2 error). */
export function execOnSimHost(
  fleet: SimIdentity,
  host: Pick<SimHostInfo, 'address' | 'sshPort' | 'hostKey'>,
  command: string,
  opts: SimExecOptions = {},
): Promise<SimExecResult> {
  const expected = (opts.expectHostKey ?? host.hostKey).split(' ')[1] ?? '';
  return new Promise((resolve, reject) => {
    const sock = net.connect(host.sshPort, host.address);
    sock.setNoDelay(true);
    sock.on('error', reject);
    const client = new ssh2.Client();
    let settled = false;
    const fail = (e: Error): void => {
      if (!settled) {
        settled = true;
        client.end();
        sock.destroy();
        reject(e);
      }
    };
    client.on('error', fail);
    client.on('ready', () => {
      client.exec(command, (err, channel) => {
        if (err) {
          fail(err);
          return;
        }
        opts.signal?.addEventListener('abort', () => channel.close(), { once: true });
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (opts.onStdout?.(stdout)) {
            channel.close();
          }
        });
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        channel.on('exit', (c: number | null) => (code = c));
        channel.on('close', () => {
          settled = true;
          client.end();
          resolve({ code, stdout, stderr });
        });
      });
    });
    client.connect({
      sock,
      username: fleet.user,
      privateKey: fleet.clientKey.privateKey,
      readyTimeout: opts.readyTimeoutMs ?? 10_000,
      hostVerifier: (key: Buffer) => key.toString('base64') === expected,
    });
  });
}
