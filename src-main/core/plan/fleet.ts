import type { Host } from '../model/host';
import type { PlanError, SourcePos } from './errors';
import type { ParsedPlan } from './parse';
import { labelString } from './schema-common';
import { hostFieldProblem } from './host-fields';

/** A host as an inventory file declares it, before the plan's defaults are applied. */
export interface InventoryHost {
  readonly name: string;
  readonly address?: string;
  readonly port?: number;
  readonly user?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly identityFile?: string;
  readonly proxyJump?: string;
  /** Where the host is declared in its inventory file. */
  readonly pos: SourcePos;
}

/** The parsed hosts of one `fleet.inventories[index]` entry. */
export interface InventoryHosts {
  readonly index: number;
  /** The file as it should appear in messages (relative to the working directory). */
  readonly file: string;
  readonly hosts: readonly InventoryHost[];
}

/** Label selector semantics shared by inventories and rings: every key matches one value. */
export function matchesLabels(
  hostLabels: Readonly<Record<string, string>>,
  selector: Readonly<Record<string, string | number | readonly (string | number)[]>>,
): boolean {
  return Object.entries(selector).every(([k, want]) => {
    const have = hostLabels[k];
    if (have === undefined) {
      return false;
    }
    return Array.isArray(want) ? want.map(String).includes(have) : String(want) === have;
  });
}

/**
 * Merges inline hosts and inventory hosts into the fleet, applying `fleet.defaults`
 * (defaults < inventory entry labels < the host's own). Duplicate names are errors naming
 * both places. Returns hosts sorted by name.
 */
export function resolveFleet(
  parsed: ParsedPlan,
  inventories: readonly InventoryHosts[],
): { hosts: Host[]; errors: PlanError[] } {
  const { document: doc, file, locate } = parsed;
  const defaults = doc.fleet.defaults;
  const defaultLabels = stringLabels(defaults?.labels);
  const seen = new Map<string, string>();
  const hosts: Host[] = [];
  const errors: PlanError[] = [];
  const noDefaults = Object.keys(defaultLabels).length === 0;
  // One label object per host at most, and none when nothing is merged in: an inventory's
  // hosts of one group then share their groups' labels object (100,000 hosts, few groups).
  const mergedLabels = (h: InventoryHost, extra: Record<string, string>) =>
    noDefaults && Object.keys(extra).length === 0
      ? h.labels
      : { ...defaultLabels, ...extra, ...h.labels };
  const add = (h: InventoryHost, hostFile: string, labels: Readonly<Record<string, string>>) => {
    const where = `${hostFile}:${h.pos.line}:${h.pos.col}`;
    const problem = hostFieldProblem(labels === h.labels ? h : { ...h, labels });
    if (problem !== undefined) {
      errors.push({ file: hostFile, ...h.pos, message: problem });
      return;
    }
    const first = seen.get(h.name);
    if (first !== undefined) {
      errors.push({
        file: hostFile,
        ...h.pos,
        message: `duplicate host name '${h.name}' (first declared at ${first})`,
      });
      return;
    }
    seen.set(h.name, where);
    const user = h.user ?? defaults?.user;
    hosts.push({
      name: h.name,
      address: h.address ?? h.name,
      port: h.port ?? defaults?.port ?? 22,
      ...(user !== undefined ? { user } : {}),
      labels,
      ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
      ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
      origin: `${hostFile}:${h.pos.line}`,
    });
  };
  (doc.fleet.hosts ?? []).forEach((h, i) => {
    add(
      {
        name: h.name,
        address: h.address,
        ...(h.port !== undefined ? { port: h.port } : {}),
        ...(h.user !== undefined ? { user: h.user } : {}),
        labels: stringLabels(h.labels),
        ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
        ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
        pos: locate(['fleet', 'hosts', i, 'name']),
      },
      file,
      { ...defaultLabels, ...stringLabels(h.labels) },
    );
  });
  for (const inv of [...inventories].sort((a, b) => a.index - b.index)) {
    const entry = doc.fleet.inventories?.[inv.index];
    const extra = stringLabels(entry?.labels);
    for (const h of inv.hosts) {
      const merged = mergedLabels(h, extra);
      if (entry?.select && !matchesLabels(merged, entry.select.labels)) {
        continue;
      }
      add(h, inv.file, merged);
    }
  }
  if (hosts.length === 0 && errors.length === 0) {
    const p = locate(['fleet']);
    errors.push({
      file,
      ...p,
      message: 'the fleet is empty (expected hosts or inventories that declare hosts)',
    });
  }
  hosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { hosts, errors };
}

function stringLabels(
  labels: Readonly<Record<string, string | number | boolean>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    out[k] = labelString(v);
  }
  return out;
}
