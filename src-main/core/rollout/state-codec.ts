/**
 * How a journal checkpoint stores a {@link RolloutState}: JSON, with its two big collections
 * — the hosts' states and the plan's hosts — as rows under one list of keys instead of one
 * object per host. At 100,000 hosts that halves the text (the keys were most of it) and
 * parses about twice as fast (arrays, not objects with repeated keys), which is most of what
 * opening a long journal costs. Exact: a collection whose members do not all have the same
 * keys in the same order is kept as it was, so decode(encode(s)) is s, key order included.
 */
import type { RolloutState } from './state';

/** A collection stored as rows: `keys` once, then each member's values in that order. */
interface Rows {
  readonly $rows: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

function isRows(v: unknown): v is Rows {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as Rows).$rows) &&
    Array.isArray((v as Rows).values)
  );
}

/** The rows of `items` when every one is a plain object with the same keys in the same order. */
function toRows(items: readonly unknown[]): Rows | null {
  const first = items[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    return null;
  }
  const keys = Object.keys(first);
  const values: unknown[][] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return null;
    }
    const row: unknown[] = [];
    let n = 0;
    for (const k in item) {
      if (k !== keys[n]) {
        return null;
      }
      const v = (item as Record<string, unknown>)[k];
      if (v === undefined) {
        return null; // JSON would drop it from an object but write null in a row
      }
      row.push(v);
      n++;
    }
    if (n !== keys.length) {
      return null;
    }
    values.push(row);
  }
  return { $rows: keys, values };
}

function fromRows(rows: Rows): Record<string, unknown>[] | null {
  const keys = rows.$rows;
  const out: Record<string, unknown>[] = [];
  for (const row of rows.values) {
    if (!Array.isArray(row) || row.length !== keys.length) {
      return null;
    }
    const item: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      item[keys[i] as string] = row[i];
    }
    out.push(item);
  }
  return out;
}

/** The checkpoint text of `state`. */
export function encodeState(state: RolloutState): string {
  const hosts = Object.values(state.hosts);
  const names = Object.keys(state.hosts);
  // Host records are keyed by their own name: the rows carry it, the keys are dropped.
  const keyedByName = hosts.every((h, i) => h.name === names[i]);
  const hostRows = hosts.length > 0 && keyedByName ? toRows(hosts) : null;
  const plan = state.plan;
  const planHostRows = plan && plan.hosts.length > 0 ? toRows(plan.hosts) : null;
  return JSON.stringify({
    ...state,
    ...(plan && planHostRows ? { plan: { ...plan, hosts: planHostRows } } : {}),
    ...(hostRows ? { hosts: hostRows } : {}),
  });
}

/** The state of checkpoint text written by {@link encodeState}; null when it is not one. */
export function decodeState(text: string): RolloutState | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) {
    return null;
  }
  if (isRows(raw.hosts)) {
    const hosts = fromRows(raw.hosts);
    if (hosts === null) {
      return null;
    }
    const record: Record<string, unknown> = {};
    for (const h of hosts) {
      const name = h.name as string;
      if (name === '__proto__') {
        // Defined, not assigned: a host named __proto__ stays a host.
        Object.defineProperty(record, name, {
          value: h,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        record[name] = h;
      }
    }
    raw.hosts = record;
  }
  const plan = raw.plan as Record<string, unknown> | null | undefined;
  if (plan && isRows(plan.hosts)) {
    const hosts = fromRows(plan.hosts);
    if (hosts === null) {
      return null;
    }
    raw.plan = { ...plan, hosts };
  }
  return raw as unknown as RolloutState;
}
