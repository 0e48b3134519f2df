import type { GateEvaluation, ObservedPoint } from '../../core/gates/gate-spec';
import { lttb } from '../../core/telemetry/downsample';

/**
 * Where a series belongs: a ring name, or a baseline scope such as `baseline` or
 * `baseline:canary`, or `platform`. The store does not interpret it.
 */
export type SeriesScope = string;

/** What subscribers hear. Points arrive in batches per append call. */
export type SeriesEvent =
  | {
      readonly type: 'points';
      readonly metric: string;
      readonly scope: SeriesScope;
      readonly points: readonly ObservedPoint[];
    }
  | { readonly type: 'evidence'; readonly scope: SeriesScope; readonly outcome: GateEvaluation };

/** Retention and clock. */
export interface SeriesStoreOptions {
  /** Points kept per (metric, scope) (default 10,000). */
  readonly maxPoints?: number;
  /** Points older than this, relative to the clock, are dropped (default: no age limit). */
  readonly maxAgeMs?: number;
  /** Gate outcomes kept per (gate, scope) (default 1,000). */
  readonly maxEvidence?: number;
  /** Injectable clock for age-based retention. */
  readonly clock: () => number;
}

/** Bounded in-memory telemetry for the console and the gates. */
export interface SeriesStore {
  append(
    metric: string,
    scope: SeriesScope,
    points: ObservedPoint | readonly ObservedPoint[],
  ): void;
  /** Points with fromMs <= t <= toMs, oldest first. */
  window(metric: string, scope: SeriesScope, fromMs: number, toMs: number): ObservedPoint[];
  latest(metric: string, scope: SeriesScope): ObservedPoint | undefined;
  /** At most `maxPoints` points for display (LTTB), optionally within [fromMs, toMs]. */
  downsampled(
    metric: string,
    scope: SeriesScope,
    maxPoints: number,
    fromMs?: number,
    toMs?: number,
  ): ObservedPoint[];
  keys(): { readonly metric: string; readonly scope: SeriesScope }[];
  /** Keeps the outcome (with its evidence) a gate produced for a ring. */
  recordEvidence(scope: SeriesScope, outcome: GateEvaluation): void;
  /** Outcomes of one gate for one scope, oldest first. */
  evidence(gate: string, scope: SeriesScope): GateEvaluation[];
  /** Latest outcome of every gate for a scope. */
  latestEvidence(scope: SeriesScope): GateEvaluation[];
  /** Listeners are called synchronously after each change; returns the unsubscribe function. */
  subscribe(listener: (event: SeriesEvent) => void): () => void;
  /** Applies age retention now (append does it too). */
  prune(): void;
}

const SEP = '\u0000';

/** Creates an empty store. */
export function createSeriesStore(opts: SeriesStoreOptions): SeriesStore {
  const maxPoints = Math.max(1, opts.maxPoints ?? 10_000);
  const maxEvidence = Math.max(1, opts.maxEvidence ?? 1_000);
  const series = new Map<string, ObservedPoint[]>();
  const outcomes = new Map<string, GateEvaluation[]>();
  const listeners = new Set<(event: SeriesEvent) => void>();

  const emit = (event: SeriesEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // A broken view must not stop telemetry reaching the gates.
      }
    }
  };

  const trim = (list: ObservedPoint[]): void => {
    if (opts.maxAgeMs !== undefined) {
      const cutoff = opts.clock() - opts.maxAgeMs;
      const keepFrom = lowerBound(list, cutoff);
      if (keepFrom > 0) {
        list.splice(0, keepFrom);
      }
    }
    if (list.length > maxPoints) {
      list.splice(0, list.length - maxPoints);
    }
  };

  const slice = (
    metric: string,
    scope: SeriesScope,
    fromMs: number,
    toMs: number,
  ): ObservedPoint[] => {
    const list = series.get(metric + SEP + scope) ?? [];
    return list.slice(lowerBound(list, fromMs), upperBound(list, toMs));
  };

  return {
    append(metric, scope, points) {
      const batch = (Array.isArray(points) ? points : [points]) as readonly ObservedPoint[];
      const key = metric + SEP + scope;
      let list = series.get(key);
      if (list === undefined) {
        list = [];
        series.set(key, list);
      }
      for (const p of batch) {
        const last = list[list.length - 1];
        if (last === undefined || p.t >= last.t) {
          list.push(p);
        } else {
          // Late arrivals (slow scrape) go where they belong so windows stay sorted.
          list.splice(upperBound(list, p.t), 0, p);
        }
      }
      trim(list);
      emit({ type: 'points', metric, scope, points: batch });
    },
    window: slice,
    latest(metric, scope) {
      const list = series.get(metric + SEP + scope);
      return list?.[list.length - 1];
    },
    downsampled(
      metric,
      scope,
      max,
      fromMs = Number.NEGATIVE_INFINITY,
      toMs = Number.POSITIVE_INFINITY,
    ) {
      return lttb(slice(metric, scope, fromMs, toMs), max);
    },
    keys() {
      return [...series.keys()].map((k) => {
        const [metric = '', scope = ''] = k.split(SEP);
        return { metric, scope };
      });
    },
    recordEvidence(scope, outcome) {
      const key = outcome.gate + SEP + scope;
      const list = outcomes.get(key) ?? [];
      list.push(outcome);
      if (list.length > maxEvidence) {
        list.splice(0, list.length - maxEvidence);
      }
      outcomes.set(key, list);
      emit({ type: 'evidence', scope, outcome });
    },
    evidence(gate, scope) {
      return [...(outcomes.get(gate + SEP + scope) ?? [])];
    },
    latestEvidence(scope) {
      const out: GateEvaluation[] = [];
      for (const [key, list] of outcomes) {
        const last = list[list.length - 1];
        if (key.endsWith(SEP + scope) && last !== undefined) {
          out.push(last);
        }
      }
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    prune() {
      for (const list of series.values()) {
        trim(list);
      }
    },
  };
}

/** First index with t >= x. */
function lowerBound(list: readonly ObservedPoint[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.t ?? 0) < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** First index with t > x. */
function upperBound(list: readonly ObservedPoint[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.t ?? 0) <= x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
