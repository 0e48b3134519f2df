/**
 * What a host's cell colour means: by default the version it runs now (from the journals),
 * like Argo's revision colours; or its state in the shown rollout. Versions get palette slots
 * newest first (numeric-aware), so a colour does not change while hosts move between versions.
 */
import { hostStates, type HostState, type HostView } from '../../src-main/core/contract';
import { hostStateWords } from '../../src-main/core/words';

export type ColourBy = 'version' | 'state';

/** One legend entry: the CSS colour, what it means, how many hosts. */
export interface LegendEntry {
  readonly key: string;
  readonly word: string;
  readonly colour: string;
  readonly count: number;
}

/** Palette slots for versions (CSS custom properties, one set per theme). */
export const VERSION_SLOTS = 8;
const UNKNOWN = 'unknown';

const byVersionDesc = (a: string, b: string) =>
  b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });

/** The colour key of a host: its version (or "unknown"), or its state. */
export function colourKey(h: HostView, by: ColourBy): string {
  return by === 'version' ? (h.version ?? UNKNOWN) : h.state;
}

/**
 * Legend of the fleet, in the order a person reads it: versions newest first, unknown last;
 * states in the contract's order. Entries with no host are left out for versions only (a
 * state legend keeps its zeros, so "failed 0" is visible).
 */
export function fleetLegend(hosts: readonly HostView[], by: ColourBy): LegendEntry[] {
  const counts = new Map<string, number>();
  for (const h of hosts) {
    const k = colourKey(h, by);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  if (by === 'state') {
    return hostStates.map((s: HostState) => ({
      key: s,
      word: hostStateWords[s],
      colour: `var(--st-${s})`,
      count: counts.get(s) ?? 0,
    }));
  }
  const versions = [...counts.keys()].filter((v) => v !== UNKNOWN).sort(byVersionDesc);
  const entries = versions.map((v, i) => ({
    key: v,
    word: v,
    colour: `var(--ver-${i % VERSION_SLOTS})`,
    count: counts.get(v) ?? 0,
  }));
  const unknown = counts.get(UNKNOWN);
  return unknown === undefined
    ? entries
    : [
        ...entries,
        { key: UNKNOWN, word: 'version unknown', colour: 'var(--ver-unknown)', count: unknown },
      ];
}
