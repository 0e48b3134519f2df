import { z } from 'zod';
import { holdSecret } from '../secrets/held-secrets';
import { fetchText, type HttpFailure } from './http-text';

/** Why a PromQL query gave no usable data. Gates read any of these as "no data", never zero. */
export type PromQueryError =
  | HttpFailure
  | { readonly kind: 'config'; readonly message: string }
  | { readonly kind: 'api-error'; readonly errorType: string; readonly message: string }
  | { readonly kind: 'bad-response'; readonly message: string }
  | { readonly kind: 'no-data'; readonly message: string };

/** One series' value at one instant. */
export interface PromInstantSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly t: number;
  readonly v: number;
}

/** One series over a range. */
export interface PromRangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

export type PromInstantResult =
  | { readonly ok: true; readonly samples: readonly PromInstantSample[] }
  | { readonly ok: false; readonly error: PromQueryError };
export type PromRangeResult =
  | { readonly ok: true; readonly series: readonly PromRangeSeries[] }
  | { readonly ok: false; readonly error: PromQueryError };
export type PromValueResult =
  | { readonly ok: true; readonly value: number; readonly t: number }
  | { readonly ok: false; readonly error: PromQueryError };

/** Where Prometheus is and how to reach it. */
export interface PrometheusClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 (a path prefix is kept). */
  readonly url: string;
  /** Per request (default 5000 ms). */
  readonly timeoutMs?: number;
  /** NAME of the environment variable holding a bearer token; the token itself never sits in the plan. */
  readonly tokenEnv?: string;
  /** Environment to read `tokenEnv` from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The PromQL HTTP API, with every failure typed. */
export interface PrometheusClient {
  query(promql: string, atMs?: number): Promise<PromInstantResult>;
  queryRange(
    promql: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<PromRangeResult>;
  /** A query expected to yield exactly one number (a scalar, or a one-element vector). */
  queryValue(promql: string, atMs?: number): Promise<PromValueResult>;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const instantData = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
  }),
  z.object({ resultType: z.literal('scalar'), result: sampleValue }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
  z.object({ resultType: z.literal('string'), result: z.unknown() }),
]);
const rangeData = z.object({
  resultType: z.literal('matrix'),
  result: z.array(
    z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleValue) }),
  ),
});

type Fail = { ok: false; error: PromQueryError };

/** Creates a client; nothing is sent until a query runs. */
export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const base = opts.url.replace(/\/+$/, '');
  // Messages end up in journals and exports: never echo credentials embedded in the URL.
  const shown = base.replace(/^(https?:\/\/)[^/?#]*@/, '$1***@');
  const timeoutMs = opts.timeoutMs ?? 5000;

  const call = async (
    path: string,
    params: Record<string, string>,
  ): Promise<{ ok: true; data: unknown } | Fail> => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (opts.tokenEnv !== undefined) {
      const token = (opts.env ?? process.env)[opts.tokenEnv];
      if (token === undefined || token === '') {
        return {
          ok: false,
          error: {
            kind: 'config',
            message: `${shown}: environment variable ${opts.tokenEnv} (bearer token) is not set`,
          },
        };
      }
      // Held before use: a server or proxy may echo it back in an error body.
      holdSecret(token);
      headers['authorization'] = `Bearer ${token}`;
    }
    // POST keeps long instance regexes out of URL length limits.
    const res = await fetchText(`${base}${path}`, {
      method: 'POST',
      timeoutMs,
      headers,
      body: new URLSearchParams(params).toString(),
      requireOk: false,
    });
    if (!res.ok) {
      return { ok: false, error: res.error };
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      if (res.status >= 300) {
        return {
          ok: false,
          error: {
            kind: 'http',
            status: res.status,
            message: `${shown}${path}: HTTP ${res.status}: ${res.body.slice(0, 200)}`,
          },
        };
      }
      return {
        ok: false,
        error: {
          kind: 'bad-response',
          message: `${shown}${path}: expected JSON, got "${res.body.slice(0, 80)}"`,
        },
      };
    }
    const env = envelope.safeParse(json);
    if (!env.success) {
      return {
        ok: false,
        error: {
          kind: 'bad-response',
          message: `${shown}${path}: expected {status, data}, got ${res.body.slice(0, 80)}`,
        },
      };
    }
    if (env.data.status === 'error') {
      return {
        ok: false,
        error: {
          kind: 'api-error',
          errorType: env.data.errorType ?? 'unknown',
          message: `${shown}${path}: ${env.data.errorType ?? 'error'}: ${env.data.error ?? ''}`,
        },
      };
    }
    if (res.status >= 300) {
      return {
        ok: false,
        error: { kind: 'http', status: res.status, message: `${shown}${path}: HTTP ${res.status}` },
      };
    }
    return { ok: true, data: env.data.data };
  };

  const query = async (promql: string, atMs?: number): Promise<PromInstantResult> => {
    const params: Record<string, string> = { query: promql };
    if (atMs !== undefined) {
      params['time'] = String(atMs / 1000);
    }
    const r = await call('/api/v1/query', params);
    if (!r.ok) {
      return r;
    }
    const d = instantData.safeParse(r.data);
    if (!d.success) {
      return {
        ok: false,
        error: {
          kind: 'bad-response',
          message: `query ${promql}: unexpected data shape (${d.error.issues[0]?.message ?? ''})`,
        },
      };
    }
    let raw: { labels: Record<string, string>; value: [number, string] }[];
    switch (d.data.resultType) {
      case 'vector':
        raw = d.data.result.map((s) => ({ labels: s.metric, value: s.value }));
        break;
      case 'scalar':
        raw = [{ labels: {}, value: d.data.result }];
        break;
      case 'matrix':
      case 'string':
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `query ${promql}: expected an instant vector or scalar, got ${d.data.resultType}`,
          },
        };
      default: {
        const never: never = d.data;
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `query ${promql}: unknown result ${JSON.stringify(never)}`,
          },
        };
      }
    }
    const samples = raw
      .map((s) => ({ labels: s.labels, t: s.value[0] * 1000, v: Number(s.value[1]) }))
      .filter((s) => Number.isFinite(s.v));
    if (samples.length === 0) {
      return {
        ok: false,
        error: {
          kind: 'no-data',
          message: `query ${promql}: ${raw.length === 0 ? 'empty result' : 'only NaN/Inf values'}`,
        },
      };
    }
    return { ok: true, samples };
  };

  return {
    query,
    async queryRange(promql, startMs, endMs, stepMs) {
      const r = await call('/api/v1/query_range', {
        query: promql,
        start: String(startMs / 1000),
        end: String(endMs / 1000),
        step: String(stepMs / 1000),
      });
      if (!r.ok) {
        return r;
      }
      const d = rangeData.safeParse(r.data);
      if (!d.success) {
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `query_range ${promql}: expected a matrix (${d.error.issues[0]?.message ?? ''})`,
          },
        };
      }
      const series = d.data.result
        .map((s) => ({
          labels: s.metric,
          points: s.values
            .map(([t, v]) => ({ t: t * 1000, v: Number(v) }))
            .filter((p) => Number.isFinite(p.v)),
        }))
        .filter((s) => s.points.length > 0);
      if (series.length === 0) {
        return {
          ok: false,
          error: { kind: 'no-data', message: `query_range ${promql}: no finite points` },
        };
      }
      return { ok: true, series };
    },
    async queryValue(promql, atMs) {
      const r = await query(promql, atMs);
      if (!r.ok) {
        return r;
      }
      const [only, ...rest] = r.samples;
      if (only === undefined || rest.length > 0) {
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `query ${promql}: expected one value, got ${r.samples.length} series (aggregate with sum())`,
          },
        };
      }
      return { ok: true, value: only.v, t: only.t };
    },
  };
}
