/**
 * ssh_config's ProxyCommand as OpenSSH runs it: `/bin/sh -c COMMAND` (exec'd, so the shell
 * does not linger), with the child's stdin and stdout as the connection's byte stream.
 */
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

/** A stream over a ProxyCommand; the command is killed when the stream is destroyed. */
export function proxyCommandStream(command: string): { stream: Duplex; stderr: () => string } {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-2000);
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // A failed spawn or a dead command ends the stream; the SSH handshake then fails with it.
  child.once('error', (e) => stream.destroy(e));
  stream.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
  });
  return { stream, stderr: () => err.trim() };
}
