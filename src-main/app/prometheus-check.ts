/**
 * The "test connection" button of the Connections view: a real instant query (`up`) against
 * a Prometheus HTTP API, plus its build version when the server tells it. Every failure is
 * a typed result naming the URL and what was expected.
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
        error: `${base}/api/v1/query: HTTP ${res.status} (expected 200): ${text.slice(0, 200)}`,
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        ok: false,
        error: `${base}/api/v1/query: expected JSON from the Prometheus API, got '${text.slice(0, 80)}'`,
      };
    }
    const status = (body as { status?: unknown }).status;
    if (status !== 'success') {
      return {
        ok: false,
        error: `${base}/api/v1/query: expected status "success", got ${JSON.stringify(status)}`,
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
    return typeof body.data?.version === 'string' ? body.data.version : null;
  } catch {
    return null;
  }
}
