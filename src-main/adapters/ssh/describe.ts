/**
 * One-line, human-readable descriptions of exec results (for CLI progress lines, journal
 * notes and the console), and a collecting wrapper for callers that want whole output
 * (e.g. telemetry's SSH probes) rather than streamed lines.
 */
import type { Host } from '../../core/model/host';
import { passphraseWaitWords } from '../../core/rollout/waiting-words';
import type { Endpoint, ExecResult, SshExecutor } from './types';

function where(e: Endpoint): string {
  return `${e.role === 'bastion' ? 'bastion ' : ''}${e.address}:${e.port}`;
}

/** Says what happened and where, in one line. */
export function describeExecResult(r: ExecResult): string {
  switch (r.kind) {
    case 'ok':
      return `ok in ${r.durationMs} ms`;
    case 'failed':
      return r.signal !== null
        ? `killed by SIG${r.signal} after ${r.durationMs} ms`
        : `exited with ${r.exitCode ?? '?'} after ${r.durationMs} ms`;
    case 'timeout':
      return `timed out after ${r.timeoutMs} ms (remote process killed)`;
    case 'cancelled':
      return `cancelled after ${r.durationMs} ms`;
    case 'unreachable':
      return `unreachable after ${r.attempts} attempt(s): ${r.reason}`;
    case 'auth-failed':
      return `authentication failed: ${r.reason}`;
    case 'passphrase-needed':
      return `${r.reason}; ${passphraseWaitWords(r.keyPath)}`;
    case 'host-key-unknown':
      return `host key of ${where(r.endpoint)} is not known (${r.keyType} ${r.fingerprint}); approve it to continue${r.note !== undefined ? ` — ${r.note}` : ''}`;
    case 'host-key-changed':
      return `HOST KEY CHANGED for ${where(r.endpoint)}: offered ${r.fingerprint}, known ${r.knownFingerprint} at ${r.knownAt}; refused`;
    case 'host-key-revoked':
      return `host key of ${where(r.endpoint)} (${r.fingerprint}) is revoked at ${r.knownAt}; refused`;
    case 'bad-input':
      return r.reason;
    default: {
      const never: never = r;
      return String(never);
    }
  }
}

/** Whole output of a command, or why it did not run to an exit code. */
export type CollectedExec =
  | {
      readonly ok: true;
      readonly exitCode: number;
      readonly stdout: string;
      readonly stderr: string;
    }
  | { readonly ok: false; readonly message: string; readonly timedOut?: boolean };

/** Run a command and collect its output (at most `maxChars` per stream, the rest dropped). */
export async function execCollect(
  executor: SshExecutor,
  host: Host,
  command: string,
  opts: { readonly timeoutMs: number; readonly signal?: AbortSignal; readonly maxChars?: number },
): Promise<CollectedExec> {
  const max = opts.maxChars ?? 64 * 1024;
  const out = { stdout: '', stderr: '' };
  const r = await executor.exec(host, command, {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    onLine: (stream, line) => {
      if (out[stream].length < max) {
        out[stream] = (out[stream] + line + '\n').slice(0, max);
      }
    },
  });
  if (r.kind === 'ok' || (r.kind === 'failed' && r.exitCode !== null)) {
    return { ok: true, exitCode: r.exitCode ?? 0, stdout: out.stdout, stderr: out.stderr };
  }
  return {
    ok: false,
    message: `${host.name}: ${describeExecResult(r)}`,
    ...(r.kind === 'timeout' ? { timedOut: true } : {}),
  };
}
