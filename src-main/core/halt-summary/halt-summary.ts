/**
 * The plain-language halt summary: one paragraph an operator can paste into an incident
 * channel. Pure: every time and fact is passed in, so the same halt always reads the same.
 */

import { clockTime } from '../words/clock-time';

/** One side (ring or baseline) of a failed gate's evidence. */
export interface SummarySide {
  /** The metric's value, or null when there was no data. */
  readonly value: number | null;
  /** Sample size behind it (requests, or points when no size is known). */
  readonly samples: number;
}

/** An update domain of the halted ring, as far as the rollout got. */
export interface SummaryDomain {
  readonly name: string;
  /** When the domain began deploying (ms since epoch); null when it never started. */
  readonly startedAt: number | null;
  /** Hosts of the domain that ran the new version when the gate failed. */
  readonly hostsOnNewVersion: readonly string[];
}

/** A log signature seen in the ring, with how often. */
export interface SummarySignature {
  readonly signature: string;
  readonly count: number;
  /** Seen in the baseline too (then it is not new; listed after new ones). */
  readonly inBaseline?: boolean;
}

/** Everything the summary says. */
export interface HaltSummaryInput {
  readonly ring: string;
  readonly release: { readonly version: string; readonly previous: string };
  readonly gate: string;
  readonly gateKind: 'threshold' | 'baseline' | 'sequential';
  readonly metric: string;
  /** What the values measure when it is not the metric itself (e.g. a slow-request share). */
  readonly measure?: string;
  /** The gate's own sentence (what the statistic was compared with). */
  readonly reason: string;
  readonly ringSide: SummarySide;
  /** Absent for threshold gates (no baseline involved). */
  readonly baselineSide?: SummarySide;
  /** When the gate failed (ms since epoch). */
  readonly failedAt: number;
  /** When the ring first served the new version (ms since epoch), if known. */
  readonly firstNewVersionAt: number | null;
  /** When the degradation first showed in the ring's series, if it did before the failure. */
  readonly onsetAt: number | null;
  readonly domains: readonly SummaryDomain[];
  readonly signatures?: readonly SummarySignature[];
  readonly traceIds?: readonly string[];
  /** Unit hint for the values: `ratio` prints as a percentage. */
  readonly valueUnit?: 'ratio' | 'seconds' | 'plain';
}

const MAX_SIGNATURES = 3;
const MAX_TRACE_IDS = 5;
const MAX_HOSTS = 6;

/**
 * Writes the summary: what failed (gate, metric, ring vs baseline with sample sizes), when
 * it started relative to which update domain's deployment and on which hosts, the top new
 * log signatures with counts, and trace ids seen.
 */
export function writeHaltSummary(input: HaltSummaryInput): string {
  const parts: string[] = [];
  const unit = input.valueUnit ?? 'plain';
  const ring = side(input.ringSide, unit);
  const versus =
    input.baselineSide === undefined
      ? ''
      : ` vs baseline (hosts still on ${input.release.previous}) ${side(input.baselineSide, unit)}`;
  parts.push(
    `Ring ${input.ring} halted at ${clockTime(input.failedAt)} UTC: ${input.gateKind} gate ${input.gate} failed on ${input.metric}${input.measure === undefined ? '' : ` (${input.measure})`} — ring on ${input.release.version} ${ring}${versus}.`,
  );
  parts.push(`Gate: ${sentence(input.reason)}`);
  const onset = input.onsetAt ?? input.firstNewVersionAt ?? input.failedAt;
  const domain = domainAt(input.domains, onset);
  const hosts = input.domains.flatMap((d) => d.hostsOnNewVersion);
  const when: string[] = [];
  if (domain !== undefined && domain.startedAt !== null) {
    when.push(
      `It started ${span(onset - domain.startedAt)} after update domain ${domain.name} of ${input.ring} began deploying`,
    );
  } else {
    when.push(`It started at ${clockTime(onset)} UTC`);
  }
  if (input.firstNewVersionAt !== null) {
    when.push(
      `the first host served ${input.release.version} at ${clockTime(input.firstNewVersionAt)} and the gate failed ${span(input.failedAt - input.firstNewVersionAt)} later`,
    );
  }
  parts.push(`${when.join('; ')}.`);
  if (hosts.length > 0) {
    parts.push(`Hosts on the new version: ${list(hosts, MAX_HOSTS)}${domainsNote(input.domains)}.`);
  }
  const sigs = [...(input.signatures ?? [])].sort(
    (a, b) => Number(a.inBaseline ?? false) - Number(b.inBaseline ?? false) || b.count - a.count,
  );
  if (sigs.length > 0) {
    const shown = sigs
      .slice(0, MAX_SIGNATURES)
      .map(
        (s) => `"${s.signature}" ×${s.count}${s.inBaseline === true ? ' (also in baseline)' : ''}`,
      );
    parts.push(`Top new log signatures: ${shown.join('; ')}.`);
  } else if (input.signatures !== undefined) {
    parts.push('No new error log signatures in the ring.');
  }
  const traces = input.traceIds ?? [];
  if (traces.length > 0) {
    parts.push(`Trace ids seen: ${list(traces, MAX_TRACE_IDS)}.`);
  }
  return parts.join(' ');
}

function side(s: SummarySide, unit: 'ratio' | 'seconds' | 'plain'): string {
  return `${value(s.value, unit)} (${thousands(s.samples)} ${s.samples === 1 ? 'sample' : 'samples'})`;
}

/** Formats a metric value in its unit. */
export function value(v: number | null, unit: 'ratio' | 'seconds' | 'plain'): string {
  if (v === null || !Number.isFinite(v)) {
    return v === null ? 'no data' : String(v);
  }
  switch (unit) {
    case 'ratio':
      return `${round(v * 100)}%`;
    case 'seconds':
      return v < 1 ? `${round(v * 1000)} ms` : `${round(v)} s`;
    case 'plain':
      return String(round(v));
    default: {
      const never: never = unit;
      return String(never);
    }
  }
}

function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function round(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3));
}

function span(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) {
    return `${Math.round(s * 10) / 10} s`;
  }
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

function sentence(text: string): string {
  const t = text.trim();
  return t.endsWith('.') ? t : `${t}.`;
}

function list(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function domainsNote(domains: readonly SummaryDomain[]): string {
  const touched = domains.filter((d) => d.hostsOnNewVersion.length > 0).map((d) => d.name);
  return touched.length === 0
    ? ''
    : ` (update domain${touched.length > 1 ? 's' : ''} ${touched.join(', ')})`;
}

/** The domain deploying at `t`: the latest one that started at or before it, else the first started. */
function domainAt(domains: readonly SummaryDomain[], t: number): SummaryDomain | undefined {
  const started = domains.filter(
    (d): d is SummaryDomain & { startedAt: number } => d.startedAt !== null,
  );
  const before = started.filter((d) => d.startedAt <= t).sort((a, b) => b.startedAt - a.startedAt);
  return before[0] ?? [...started].sort((a, b) => a.startedAt - b.startedAt)[0];
}
