/**
 * The "test connection" button of the Connections view: a real instant query (`up`) against
 * a Prometheus HTTP API, plus its build version when the server tells it. Every failure is
 * a typed result naming the URL and what was expected — never the body's text: the console
 * would otherwise fetch any URL for a browser tab and read it back (a URL oracle).
 */
import type { PrometheusTest } from '../core/contract';

/** Queries `up` at `url` with a timeout; never throws. */
export async function testPrometheus(
  url: string,
  options: { readonly timeoutMs?: number; readonly now?: () => number } = {},
): Promise<PrometheusTest> {
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = url.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(base)) {
    return { ok: false, error: `${base}: expected an http:// or https:// URL` };
  }
  const started = now();
  try {
    const res = await fetch(`${base}/api/v1/query?query=up`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const latencyMs = Math.round(now() - started);
    const text = await res.text();
    if (!res.ok) {
      return {
        ok: false,
        error: `${base}/api/v1/query: HTTP ${res.status} (expected 200)`,
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        ok: false,
        error: `${base}/api/v1/query: expected JSON from the Prometheus API, got ${text.length} bytes of something else`,
      };
    }
    const status = (body as { status?: unknown }).status;
    if (status !== 'success') {
      return {
        ok: false,
        error: `${base}/api/v1/query: expected status "success"${status === 'error' ? ', got "error"' : ''}`,
      };
    }
    return { ok: true, version: await buildVersion(base, timeoutMs), latencyMs };
  } catch (e) {
    const why =
      e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    return { ok: false, error: `${base}: cannot reach the Prometheus API (${why})` };
  }
}

async function buildVersion(base: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(`${base}/api/v1/status/buildinfo`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      return null;
    }
    const body = (await res.json()) as { data?: { version?: unknown } };
    const v = body.data?.version;
    // Only what looks like a version: any other text would leak what the URL serves.
    return typeof v === 'string' && /^[0-9A-Za-z.+_-]{1,40}$/.test(v) ? v : null;
  } catch {
    return null;
  }
}
