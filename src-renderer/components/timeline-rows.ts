/**
 * The timeline as rows a person reads: gate evaluations and host steps folded into one
 * summary per update domain (per ring for gates) that expands, everything else one row per
 * event; newest first by default. A 1.5-minute rollout journals hundreds of these readings;
 * the halt, promotions and notes must not drown in them. Pure, so the tests fold real lists.
 */
import type { TimelineEntry } from '../../src-main/core/contract';
import { eventKindWord } from '../../src-main/core/words';

/** Kinds that fold: routine readings and steps. Failures and doubt stay rows of their own. */
export const FOLDED_KINDS: ReadonlySet<string> = new Set([
  'GateEvaluated',
  'HostStepStarted',
  'HostStepSucceeded',
  'HostRolledBack',
]);

export type TimelineOrder = 'newest' | 'oldest';

export type TimelineRow =
  | { readonly kind: 'entry'; readonly entry: TimelineEntry }
  | {
      readonly kind: 'fold';
      /** Stable while the fold grows: the seq of its first entry. */
      readonly key: string;
      readonly ring: string | null;
      readonly domain: string | null;
      /** Entries in the chosen order. */
      readonly entries: readonly TimelineEntry[];
      readonly from: number;
      readonly to: number;
      readonly summary: string;
    };

interface OpenFold {
  ring: string | null;
  domain: string | null;
  gates: boolean;
  entries: TimelineEntry[];
}

function summary(f: OpenFold): string {
  const where = f.gates ? (f.ring ?? 'platform') : `${f.ring ?? ''} / ${f.domain ?? '?'}`;
  if (f.gates) {
    const last = f.entries.at(-1);
    return `${where}: ${f.entries.length} gate evaluations; last: ${last?.text ?? ''}`;
  }
  const hosts = new Set(f.entries.map((e) => e.host)).size;
  const byKind = new Map<string, number>();
  for (const e of f.entries) {
    byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
  }
  const kinds = [...byKind].map(([k, n]) => `${eventKindWord(k)} ×${n}`).join(', ');
  return `${where}: ${hosts} host${hosts === 1 ? '' : 's'}; ${kinds}`;
}

/**
 * Folds `entries` (any order; journal order is restored by seq). Consecutive foldable entries
 * of one ring and update domain (one ring, for gates) become one fold, until an event of
 * another kind — a domain starting, a halt, a note — ends every open fold. A fold of one
 * entry is shown as that entry.
 */
export function foldTimeline(
  entries: readonly TimelineEntry[],
  domainOf: (host: string) => string | null,
  order: TimelineOrder,
): TimelineRow[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const slots: (TimelineEntry | OpenFold)[] = [];
  let open = new Map<string, OpenFold>();
  for (const e of sorted) {
    if (!FOLDED_KINDS.has(e.kind)) {
      open = new Map();
      slots.push(e);
      continue;
    }
    const gates = e.kind === 'GateEvaluated';
    const domain = gates || e.host === null ? null : domainOf(e.host);
    const key = `${gates ? 'g' : 's'}\u0000${e.ring ?? ''}\u0000${domain ?? ''}`;
    const fold = open.get(key);
    if (fold) {
      fold.entries.push(e);
    } else {
      const created: OpenFold = { ring: e.ring, domain, gates, entries: [e] };
      open.set(key, created);
      slots.push(created);
    }
  }
  const rows: TimelineRow[] = slots.map((s) => {
    if ('seq' in s) {
      return { kind: 'entry', entry: s };
    }
    const first = s.entries[0];
    if (s.entries.length === 1 && first) {
      return { kind: 'entry', entry: first };
    }
    return {
      kind: 'fold',
      key: String(first?.seq ?? 0),
      ring: s.ring,
      domain: s.domain,
      entries: order === 'newest' ? [...s.entries].reverse() : s.entries,
      from: first?.at ?? 0,
      to: s.entries.at(-1)?.at ?? 0,
      summary: summary(s),
    };
  });
  return order === 'newest' ? rows.reverse() : rows;
}

/** Rings as the filter lists them: the plan's order (canary first), then any others sorted. */
export function ringsInOrder(
  planRings: readonly string[],
  entries: readonly TimelineEntry[],
): string[] {
  const seen = new Set(entries.map((e) => e.ring).filter((r): r is string => r !== null));
  const known = planRings.filter((r) => seen.has(r));
  const others = [...seen].filter((r) => !planRings.includes(r)).sort();
  return [...known, ...others];
}
