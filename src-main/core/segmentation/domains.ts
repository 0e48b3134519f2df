import { stableHash32 } from '../hash';
import type { Host } from '../model/host';
import type { DomainPlan } from '../model/plan';
import type { PlanError } from '../plan/errors';
import type { DocPath, Locate } from '../plan/positions';
import type { PlanDocument } from '../plan/schema';
import { sample } from './assign-rings';

/**
 * Cuts each ring into update domains: by a label's value (sorted), by a stable hash into
 * `count` buckets (`ud-1`..), or by explicit lists (in the order written). Empty domains are
 * dropped; every domain lists its hosts sorted by name.
 */
export function splitDomains(
  doc: PlanDocument,
  fleet: readonly Host[],
  rings: readonly (readonly Host[])[],
  file: string,
  locate: Locate,
): { domains: DomainPlan[][]; errors: PlanError[] } {
  const errors: PlanError[] = [];
  const push = (path: DocPath, message: string) => {
    const p = locate(path);
    errors.push({ file, line: p.line, col: p.col, message });
  };
  const d = doc.domains;
  let domainOf: (h: Host) => string | undefined;
  let order: (names: string[]) => string[] = (names) => names.sort();
  if (d.byLabel !== undefined) {
    const label = d.byLabel;
    const missing = fleet.filter((h) => h.labels[label] === undefined).map((h) => h.name);
    if (missing.length > 0) {
      push(
        ['domains', 'byLabel'],
        `${missing.length === 1 ? 'host' : 'hosts'} ${sample(missing)} ${missing.length === 1 ? 'has' : 'have'} no label '${label}' (domains.byLabel needs it on every host)`,
      );
    }
    domainOf = (h) => h.labels[label];
    // Numbered domains (Azure's platform update domains 0..19) go in numeric order, as
    // Azure walks them: UD 2 before UD 10.
    order = (names) =>
      names.every((n) => /^\d{1,9}$/.test(n))
        ? names.sort((a, b) => Number(a) - Number(b))
        : names.sort();
  } else if (d.count !== undefined) {
    const n = d.count;
    const width = String(n).length;
    domainOf = (h) =>
      `ud-${String((stableHash32(`domain:${h.name}`) % n) + 1).padStart(width, '0')}`;
  } else {
    const explicit = d.explicit ?? {};
    const known = new Set(fleet.map((h) => h.name));
    const map = new Map<string, string>();
    for (const [dom, names] of Object.entries(explicit)) {
      names.forEach((n, j) => {
        const prev = map.get(n);
        if (!known.has(n)) {
          push(['domains', 'explicit', dom, j], `unknown host '${n}' in update domain '${dom}'`);
        } else if (prev !== undefined) {
          push(
            ['domains', 'explicit', dom, j],
            `host '${n}' is in two update domains: '${prev}' and '${dom}'`,
          );
        } else {
          map.set(n, dom);
        }
      });
    }
    const orphans = fleet.filter((h) => !map.has(h.name)).map((h) => h.name);
    if (orphans.length > 0) {
      push(
        ['domains', 'explicit'],
        `${orphans.length === 1 ? 'host' : 'hosts'} ${sample(orphans)} in no update domain (expected every host in exactly one)`,
      );
    }
    domainOf = (h) => map.get(h.name);
    const keyOrder = new Map(Object.keys(explicit).map((k, j) => [k, j]));
    order = (names) => names.sort((a, b) => (keyOrder.get(a) ?? 0) - (keyOrder.get(b) ?? 0));
  }
  const domains = rings.map((hosts) => {
    const groups = new Map<string, string[]>();
    for (const h of hosts) {
      const dom = domainOf(h);
      if (dom !== undefined) {
        const list = groups.get(dom);
        if (list) {
          list.push(h.name);
        } else {
          groups.set(dom, [h.name]);
        }
      }
    }
    return order([...groups.keys()]).map((name) => ({
      name,
      hosts: [...(groups.get(name) ?? [])].sort(),
    }));
  });
  return { domains, errors };
}

/** A budget (`2` or `"10%"`) as a host count out of `size`; rounds down, so it never loosens. */
export function budgetHosts(budget: number | string | undefined, size: number): number {
  if (budget === undefined) {
    return 0;
  }
  if (typeof budget === 'number') {
    return budget;
  }
  return Math.floor((Number.parseFloat(budget) * size) / 100 + 1e-9);
}
