import { stableHash32 } from '../hash';
import type { Host } from '../model/host';
import type { PlanError } from '../plan/errors';
import { matchesLabels } from '../plan/fleet';
import type { DocPath, Locate } from '../plan/positions';
import type { PlanDocument } from '../plan/schema';

/** Hosts of each ring (in ring order), plus problems found while assigning them. */
export interface RingAssignment {
  readonly rings: readonly (readonly Host[])[];
  readonly errors: readonly PlanError[];
  readonly warnings: readonly PlanError[];
}

/**
 * Orders hosts by a hash of their name (ties by name): independent of inventory order and
 * of the machine, so the same fleet always gives the same rings, and a host's place relative
 * to the others never changes when a third host is added or removed.
 */
export function rankHosts(hosts: readonly Host[]): Host[] {
  return rankOrder(hosts).map((i) => hosts[i]!);
}

/** {@link rankHosts} as indices into `hosts`: keys in a typed array, no object per host. */
function rankOrder(hosts: readonly Host[]): number[] {
  const keys = new Uint32Array(hosts.length);
  hosts.forEach((h, i) => (keys[i] = stableHash32(h.name)));
  const order = Array.from({ length: hosts.length }, (_, i) => i);
  order.sort((a, b) => keys[a]! - keys[b]! || byName(hosts[a]!, hosts[b]!));
  return order;
}

/**
 * Where a percent ring ends, in hosts taken by sized rings so far. Percent rings are cut at
 * cumulative boundaries — ceil(sum of percents so far x fleet) plus the count rings before —
 * rather than each rounded on its own: then one host more or less in the fleet moves every
 * boundary by at most one, where per-ring rounding lets the shifts add up along the rings.
 * Every ring still gets at least one host.
 */
export function percentRingEnd(
  taken: number,
  countsSoFar: number,
  percentSoFar: number,
  fleetSize: number,
): number {
  const target = countsSoFar + Math.ceil((percentSoFar * fleetSize) / 100 - 1e-9);
  return Math.max(taken + 1, target);
}

/**
 * Assigns hosts to rings. Label rings claim their matches first (two label rings claiming
 * one host is an error); count and percent rings then take, in ring order, the best-ranked
 * hosts nobody claimed (round-robin over `spreadBy` values); `rest` takes what is left.
 * Count/percent rings are contiguous slices of one hash order whose boundaries move by at
 * most one when a host is added or removed (see {@link percentRingEnd}), so at most one
 * other host crosses each boundary, to the neighbouring ring. Exact ring sizes make "only
 * that host moves" impossible: a full count ring that gains a better-ranked host passes one
 * on. Label and rest rings do move only that host.
 */
export function assignRings(
  doc: PlanDocument,
  hosts: readonly Host[],
  file: string,
  locate: Locate,
): RingAssignment {
  const errors: PlanError[] = [];
  const warnings: PlanError[] = [];
  const push = (
    list: PlanError[],
    path: DocPath,
    message: string,
    where: 'key' | 'value' = 'value',
  ) => {
    const p = locate(path, where);
    list.push({ file, line: p.line, col: p.col, message });
  };
  // Hosts are indices into `hosts` here, and a ring is a number per host: no map by name
  // (names are unique: duplicates are refused with the fleet).
  const ranked = rankOrder(hosts);
  const owner = new Int32Array(hosts.length).fill(-1);
  // Hosts without each spreadBy label, computed once per label rather than once per ring.
  const withoutLabel = new Map<string, string[]>();
  // Percent rings refused where their percent is written need no second "empty" error.
  const cannotFit = new Set<number>();
  const members: Host[][] = doc.rings.map(() => []);

  doc.rings.forEach((ring, i) => {
    const sel = ring.select.labels;
    if (sel === undefined) {
      return;
    }
    const clashes = new Map<number, string[]>();
    for (const hi of ranked) {
      const h = hosts[hi]!;
      if (!matchesLabels(h.labels, sel)) {
        continue;
      }
      const prev = owner[hi]!;
      if (prev >= 0) {
        const list = clashes.get(prev);
        if (list) {
          list.push(h.name);
        } else {
          clashes.set(prev, [h.name]);
        }
        continue;
      }
      owner[hi] = i;
      members[i]?.push(h);
    }
    for (const [prev, names] of clashes) {
      const other = doc.rings[prev]?.name ?? '?';
      push(
        errors,
        ['rings', i, 'select', 'labels'],
        `${names.length === 1 ? 'host' : 'hosts'} ${sample(names)} ${names.length === 1 ? 'is' : 'are'} claimed by two rings: '${other}' and '${ring.name}' (label selectors overlap)`,
      );
    }
  });

  let taken = 0;
  let countsSoFar = 0;
  let percentSoFar = 0;
  doc.rings.forEach((ring, i) => {
    const { count, percent, rest } = ring.select;
    if (count === undefined && percent === undefined && rest !== true) {
      return;
    }
    const pool = ranked.filter((hi) => owner[hi]! < 0);
    let want = pool.length;
    if (count !== undefined) {
      want = count;
      countsSoFar += count;
    } else if (percent !== undefined) {
      percentSoFar += percent;
      if (percentSoFar > 100 + 1e-9) {
        cannotFit.add(i);
        push(
          errors,
          ['rings', i, 'select', 'percent'],
          `percent ${percent} cannot fit: the percent rings up to '${ring.name}' add up to ${round2(percentSoFar)}% of the fleet (expected at most 100%)`,
        );
      } else if (pool.length === 0 && hosts.length > 0) {
        cannotFit.add(i);
        push(
          errors,
          ['rings', i, 'select', 'percent'],
          `percent ${percent} cannot fit a fleet of ${hosts.length} ${hosts.length === 1 ? 'host' : 'hosts'}: the rings before '${ring.name}' took every host (every ring needs at least one)`,
        );
      }
      want = percentRingEnd(taken, countsSoFar, percentSoFar, hosts.length) - taken;
    }
    taken += Math.min(want, pool.length);
    const by = ring.spreadBy;
    if (by !== undefined) {
      // A misspelt label would silently turn the spread into a plain pick: refuse it.
      let without = withoutLabel.get(by);
      if (without === undefined) {
        without = hosts.filter((h) => h.labels[by] === undefined).map((h) => h.name);
        withoutLabel.set(by, without);
      }
      if (without.length === hosts.length) {
        push(errors, ['rings', i, 'spreadBy'], `spreadBy label '${by}' is on no host of the fleet`);
      } else if (without.length > 0) {
        push(
          warnings,
          ['rings', i, 'spreadBy'],
          `${sample(without)} ${without.length === 1 ? 'has' : 'have'} no label '${by}' (picked last by spreadBy)`,
        );
      }
    }
    const picked =
      ring.spreadBy !== undefined ? spread(hosts, pool, ring.spreadBy, want) : pool.slice(0, want);
    for (const hi of picked) {
      owner[hi] = i;
      members[i]?.push(hosts[hi]!);
    }
    if (rest !== true && picked.length < want && picked.length > 0) {
      push(
        warnings,
        ['rings', i, 'select'],
        `ring '${ring.name}' wanted ${want} hosts but only ${picked.length} were left`,
      );
    }
  });

  members.forEach((m, i) => {
    if (m.length === 0 && !cannotFit.has(i)) {
      push(
        errors,
        ['rings', i, 'name'],
        `ring '${doc.rings[i]?.name ?? '?'}' is empty (its selector leaves it no host)`,
      );
    }
  });
  const uncovered = hosts.filter((_, hi) => owner[hi]! < 0).map((h) => h.name);
  if (uncovered.length > 0) {
    const msg = `${uncovered.length} ${uncovered.length === 1 ? 'host is' : 'hosts are'} in no ring: ${sample(uncovered)}`;
    if (doc.allowUncovered === true) {
      push(warnings, ['rings'], `${msg} (allowed by allowUncovered)`, 'key');
    } else {
      push(
        errors,
        ['rings'],
        `${msg} (expected the rings to cover the fleet: add a ring with select: {rest: true} or set allowUncovered: true)`,
        'key',
      );
    }
  }
  // Each ring in name order: one pass over the fleet in name order (a sorted inventory is
  // already in it, and the sort of a sorted list is linear), not a sort per ring.
  const inNameOrder = hosts.map((_, hi) => hi);
  if (!isSortedByName(hosts)) {
    inNameOrder.sort((a, b) => byName(hosts[a]!, hosts[b]!));
  }
  const rings: Host[][] = doc.rings.map(() => []);
  for (const hi of inNameOrder) {
    const i = owner[hi]!;
    if (i >= 0) {
      rings[i]?.push(hosts[hi]!);
    }
  }
  return { rings, errors, warnings };
}

/** Round-robin over the values of `label`, best-ranked host of each value first. */
function spread(
  hosts: readonly Host[],
  pool: readonly number[],
  label: string,
  want: number,
): number[] {
  const groups = new Map<string, number[]>();
  for (const hi of pool) {
    const v = hosts[hi]!.labels[label] ?? '\u{10FFFF}';
    const list = groups.get(v);
    if (list) {
      list.push(hi);
    } else {
      groups.set(v, [hi]);
    }
  }
  let queues = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, hs]) => hs);
  const out: number[] = [];
  // Exhausted values leave the round-robin, so the work is linear in the hosts picked plus
  // the values, not rounds x values.
  for (let round = 0; out.length < want && queues.length > 0; round++) {
    for (const q of queues) {
      const h = q[round];
      if (h !== undefined && out.length < want) {
        out.push(h);
      }
    }
    queues = queues.filter((q) => q.length > round + 1);
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function isSortedByName(hosts: readonly Host[]): boolean {
  for (let i = 1; i < hosts.length; i++) {
    if (byName(hosts[i - 1] as Host, hosts[i] as Host) > 0) {
      return false;
    }
  }
  return true;
}

function byName(a: Host, b: Host): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `a, b, c (+4 more)` — enough names to find the problem without flooding a line. */
export function sample(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} (+${names.length - max} more)` : shown;
}
