import { counterIncrease } from './counter-delta';
import { counterDelta, seriesKey } from './prom-select';
import type { PromSample } from './prom-text';

/** Events and exposure of one scope (a ring, or the baseline) over one scrape interval. */
export interface ScopeCounts {
  readonly events: number;
  readonly exposure: number;
  /** Hosts that had both counters in both scrapes. */
  readonly hostsReporting: number;
  /** Hosts without usable data this interval: their traffic is unknown, not zero. */
  readonly hostsMissing: readonly string[];
  readonly resets: number;
}

/**
 * Sums counter increases (e.g. 5xx and all requests) over a scope's hosts between two scrape
 * rounds, keyed by host. A host counts only when both counters are readable in both rounds,
 * so events are never compared with an exposure they did not come from. `undefined` when no
 * host reported: the gate must see "no data", not zero errors.
 */
export function scopeCounts(
  previous: ReadonlyMap<string, readonly PromSample[]>,
  current: ReadonlyMap<string, readonly PromSample[]>,
  hosts: readonly string[],
  isEvent: (s: PromSample) => boolean,
  isExposure: (s: PromSample) => boolean,
): ScopeCounts | undefined {
  let events = 0;
  let exposure = 0;
  let resets = 0;
  let reporting = 0;
  const missing: string[] = [];
  for (const host of hosts) {
    const before = previous.get(host);
    const after = current.get(host);
    // The host counts only if an exposure series is in both rounds (it did not just appear).
    if (
      before === undefined ||
      after === undefined ||
      counterIncrease(before, after, isExposure) === undefined
    ) {
      missing.push(host);
      continue;
    }
    const ev = increaseFromZero(before, after, isEvent);
    const ex = increaseFromZero(before, after, isExposure);
    events += ev.increase;
    exposure += ex.increase;
    resets += ev.resets + ex.resets;
    reporting++;
  }
  return reporting === 0
    ? undefined
    : { events, exposure, hostsReporting: reporting, hostsMissing: missing, resets };
}

/**
 * A series that first appears in this round counts from zero: client libraries create a
 * labelled series (code="500") on its first increment, and the host's exposure series,
 * present in both rounds, shows it was already being watched. Ignoring new series, as
 * rate() does, would hide the first errors of a bad release.
 */
function increaseFromZero(
  before: readonly PromSample[],
  after: readonly PromSample[],
  isEvent: (s: PromSample) => boolean,
): { increase: number; resets: number } {
  const prev = new Map<string, number>();
  for (const s of before) {
    if (isEvent(s) && Number.isFinite(s.value)) {
      prev.set(seriesKey(s), s.value);
    }
  }
  let increase = 0;
  let resets = 0;
  for (const s of after) {
    if (!isEvent(s) || !Number.isFinite(s.value)) {
      continue;
    }
    const p = prev.get(seriesKey(s)) ?? 0;
    if (s.value < p) {
      resets++;
    }
    increase += counterDelta(p, s.value);
  }
  return { increase, resets };
}
