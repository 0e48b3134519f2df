import { parseExposition, SCRAPE_ACCEPT } from '../../core/telemetry/exposition';
import type { MetricFamily, PromSample } from '../../core/telemetry/prom-text';
import { fetchText, mapBounded, type HttpFailure } from './http-text';

/** One metrics endpoint of one host. */
export interface ScrapeTarget {
  /** Host name (or any id the caller maps back to a ring). */
  readonly host: string;
  readonly url: string;
}

/** Why a target yielded no data this round. It is "no data", never zero. */
export type ScrapeError = HttpFailure | { readonly kind: 'parse'; readonly message: string };

/** One target's scrape. */
export type ScrapeResult =
  | {
      readonly ok: true;
      readonly target: ScrapeTarget;
      readonly atMs: number;
      readonly durationMs: number;
      readonly samples: readonly PromSample[];
      readonly families: readonly MetricFamily[];
    }
  | {
      readonly ok: false;
      readonly target: ScrapeTarget;
      readonly atMs: number;
      readonly durationMs: number;
      readonly error: ScrapeError;
    };

/** Scrape settings. */
export interface ScrapeOptions {
  readonly timeoutMs: number;
  /** Targets fetched at once (default 16). */
  readonly concurrency?: number;
  /** Injectable clock for `atMs`/`durationMs` (default Date.now). */
  readonly clock?: () => number;
}

/**
 * Fetches and parses one metrics endpoint: the bytes as received (invalid UTF-8 is a parse
 * error, as in Prometheus), with the parser its Content-Type names.
 */
export async function scrapeTarget(
  target: ScrapeTarget,
  opts: ScrapeOptions,
): Promise<ScrapeResult> {
  const clock = opts.clock ?? Date.now;
  const atMs = clock();
  const res = await fetchText(target.url, {
    timeoutMs: opts.timeoutMs,
    headers: { accept: SCRAPE_ACCEPT },
  });
  const durationMs = clock() - atMs;
  if (!res.ok) {
    return { ok: false, target, atMs, durationMs, error: res.error };
  }
  const parsed = parseExposition(res.bytes, res.contentType);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const more = parsed.errors.length > 1 ? ` (+${parsed.errors.length - 1} more)` : '';
    return {
      ok: false,
      target,
      atMs,
      durationMs,
      error: {
        kind: 'parse',
        message: `${target.url} line ${first?.line ?? 0} column ${first?.column ?? 0}: ${first?.message ?? 'unparseable'}${more}`,
      },
    };
  }
  return { ok: true, target, atMs, durationMs, samples: parsed.samples, families: parsed.families };
}

/** Scrapes many targets with bounded concurrency; one result per target, in input order. */
export function scrapeTargets(
  targets: readonly ScrapeTarget[],
  opts: ScrapeOptions,
): Promise<ScrapeResult[]> {
  return mapBounded(targets, opts.concurrency ?? 16, (t) => scrapeTarget(t, opts));
}
