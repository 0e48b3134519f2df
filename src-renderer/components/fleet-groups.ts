/**
 * How the fleet view groups hosts: by ring, by ring and update domain (the rollout's own
 * order), or by any label the hosts carry (region, zone, ...). Pure: the grid lays out what
 * this returns, and the tests check it without a DOM.
 */
import type { HostView, RingView } from '../../src-main/core/contract';

/** `ring`, `domain` (ring -> update domain), or `label:NAME`. */
export type GroupBy = 'ring' | 'domain' | `label:${string}`;

/** One block of cells on the grid, with the heading line above it (when it changes). */
export interface HostGroup {
  /** Outer heading (the ring when grouping by update domain); null when there is none. */
  readonly heading: string | null;
  readonly title: string;
  /** Host names in drawing order. */
  readonly hosts: readonly string[];
}

/** Label names the hosts carry, sorted, for the "Group by" choices. */
export function labelNames(hosts: readonly HostView[]): string[] {
  const names = new Set<string>();
  for (const h of hosts) {
    for (const k of Object.keys(h.labels)) {
      names.add(k);
    }
  }
  return [...names].sort();
}

// One formatter: `toLocaleString` builds a new one per call, and titles are made per snapshot.
const thousands = new Intl.NumberFormat('en-US');
const count = (n: number) => `${thousands.format(n)} host${n === 1 ? '' : 's'}`;

/**
 * The groups for `by`. Rings and update domains keep the plan's order (canary first); label
 * values are sorted, and hosts without the label come last under "no NAME".
 */
export function groupHosts(
  rings: readonly RingView[],
  hosts: readonly HostView[],
  by: GroupBy,
  ringWord: (ring: RingView) => string,
): HostGroup[] {
  if (by === 'ring') {
    return rings.map((r) => {
      const names = r.domains.flatMap((d) => d.hosts);
      return {
        heading: null,
        title: `${r.name} · ${count(names.length)} · ${ringWord(r)}`,
        hosts: names,
      };
    });
  }
  if (by === 'domain') {
    return rings.flatMap((r) => {
      const n = r.domains.reduce((m, d) => m + d.hosts.length, 0);
      const heading = `${r.name} · ${count(n)} · ${ringWord(r)}`;
      return r.domains.map((d) => ({
        heading,
        title: `${d.name} (${d.hosts.length})`,
        hosts: d.hosts,
      }));
    });
  }
  const label = by.slice('label:'.length);
  // Within a value, hosts keep the rollout's order (ring, then update domain).
  const order = rings.flatMap((r) => r.domains.flatMap((d) => d.hosts));
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const buckets = new Map<string | null, string[]>();
  for (const name of order) {
    const value = byName.get(name)?.labels[label] ?? null;
    const list = buckets.get(value) ?? [];
    list.push(name);
    buckets.set(value, list);
  }
  const values = [...buckets.keys()].filter((v): v is string => v !== null);
  // Numbered values (Azure's update and fault domains, zones 1-3) in numeric order.
  if (values.every((v) => /^\d{1,9}$/.test(v))) {
    values.sort((a, b) => Number(a) - Number(b));
  } else {
    values.sort();
  }
  const groups: HostGroup[] = values.map((v) => {
    const names = buckets.get(v) ?? [];
    return { heading: null, title: `${label} ${v} · ${count(names.length)}`, hosts: names };
  });
  const without = buckets.get(null);
  if (without) {
    groups.push({ heading: null, title: `no ${label} · ${count(without.length)}`, hosts: without });
  }
  return groups;
}
