import { fetchText, type HttpFailure } from './http-text';

/** An HTTP probe's measurement. A wrong status is a measurement (unhealthy), not a failure to measure. */
export type HttpProbeResult =
  | {
      readonly ok: true;
      readonly url: string;
      readonly status: number;
      readonly healthy: boolean;
      readonly latencyMs: number;
      readonly atMs: number;
    }
  | {
      readonly ok: false;
      readonly url: string;
      readonly error: HttpFailure;
      readonly latencyMs: number;
      readonly atMs: number;
    };

/** HTTP probe settings. */
export interface HttpProbeOptions {
  readonly timeoutMs: number;
  /** Healthy status (default: any 2xx). */
  readonly expectStatus?: number;
  /** Injectable clock (default performance-free Date.now; latency resolution is 1 ms). */
  readonly clock?: () => number;
}

/** GETs a URL and reports status and latency; timeouts and refused connections are typed failures. */
export async function httpProbe(url: string, opts: HttpProbeOptions): Promise<HttpProbeResult> {
  const clock = opts.clock ?? Date.now;
  const atMs = clock();
  const res = await fetchText(url, {
    timeoutMs: opts.timeoutMs,
    requireOk: false,
    maxBytes: 1024 * 1024,
  });
  const latencyMs = clock() - atMs;
  if (!res.ok) {
    return { ok: false, url, error: res.error, latencyMs, atMs };
  }
  const healthy =
    opts.expectStatus === undefined
      ? res.status >= 200 && res.status < 300
      : res.status === opts.expectStatus;
  return { ok: true, url, status: res.status, healthy, latencyMs, atMs };
}

/**
 * Runs a command on a host. Implemented by the SSH adapter (src-main/adapters/ssh); injected
 * here so telemetry does not depend on it. Must resolve, never reject: failures to run the
 * command are `{ ok: false }`.
 */
export type ExecFn = (
  host: string,
  command: string,
  opts: { readonly timeoutMs: number; readonly signal?: AbortSignal },
) => Promise<ExecOutcome>;

/** What running a command produced. */
export type ExecOutcome =
  | {
      readonly ok: true;
      readonly exitCode: number;
      readonly stdout: string;
      readonly stderr: string;
    }
  | { readonly ok: false; readonly message: string; readonly timedOut?: boolean };

/** Why an SSH probe has no number. */
export type SshProbeError =
  | { readonly kind: 'exec'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'exit'; readonly exitCode: number; readonly message: string }
  | { readonly kind: 'parse'; readonly message: string };

export type SshProbeResult =
  | { readonly ok: true; readonly host: string; readonly value: number; readonly atMs: number }
  | {
      readonly ok: false;
      readonly host: string;
      readonly error: SshProbeError;
      readonly atMs: number;
    };

/** SSH probe settings. */
export interface SshProbeOptions {
  readonly timeoutMs: number;
  /** Regex whose group 1 (or whole match) is the number; default: the first number in stdout. */
  readonly pattern?: string;
  readonly clock?: () => number;
}

const FIRST_NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

/** Runs `command` on `host` through `exec` and parses one number from its output. */
export async function sshProbe(
  exec: ExecFn,
  host: string,
  command: string,
  opts: SshProbeOptions,
): Promise<SshProbeResult> {
  const atMs = (opts.clock ?? Date.now)();
  let re = FIRST_NUMBER;
  if (opts.pattern !== undefined) {
    try {
      re = new RegExp(opts.pattern);
    } catch (e) {
      return {
        ok: false,
        host,
        atMs,
        error: {
          kind: 'parse',
          message: `probe pattern "${opts.pattern}" is not a valid regex: ${(e as Error).message}`,
        },
      };
    }
  }
  const out = await exec(host, command, { timeoutMs: opts.timeoutMs });
  if (!out.ok) {
    return {
      ok: false,
      host,
      atMs,
      error: {
        kind: out.timedOut === true ? 'timeout' : 'exec',
        message: `${host}: ${command}: ${out.message}`,
      },
    };
  }
  if (out.exitCode !== 0) {
    return {
      ok: false,
      host,
      atMs,
      error: {
        kind: 'exit',
        exitCode: out.exitCode,
        message: `${host}: ${command}: exit ${out.exitCode}: ${out.stderr.trim().slice(0, 200)}`,
      },
    };
  }
  const m = re.exec(out.stdout);
  const value = Number(m?.[1] ?? m?.[0]);
  if (m === null || !Number.isFinite(value)) {
    return {
      ok: false,
      host,
      atMs,
      error: {
        kind: 'parse',
        message: `${host}: ${command}: expected a number${opts.pattern === undefined ? '' : ` matching ${opts.pattern}`} in "${out.stdout.trim().slice(0, 80)}"`,
      },
    };
  }
  return { ok: true, host, value, atMs };
}
