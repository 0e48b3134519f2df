/**
 * How a journal checkpoint stores a {@link RolloutState}: JSON, with its two big collections
 * — the hosts' states and the plan's hosts — stored by column instead of one object per host.
 * A column whose values repeat (a status, a version, a zone's labels, an empty list) is a
 * dictionary of its distinct values and one small integer per host; a column of one value is
 * that value once. At 100,000 hosts that makes the text a third of one-object-per-host rows
 * and parsing it several times faster (arrays of small integers, not objects with repeated
 * keys and strings), which is most of what opening a long journal costs.
 *
 * Exact: a collection whose members do not all have the same keys in the same order is kept
 * as it was, so decode(encode(s)) is s, key order included. Decoding gives every host its own
 * copy of an object or list value, never one shared between hosts. Checkpoints written with
 * the earlier row layout (`$rows`) are still read.
 */
import type { RolloutState } from './state';

/** The earlier layout: `keys` once, then each member's values in that order. */
interface Rows {
  readonly $rows: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

/** One column: a single value, a dictionary with an index per member, or every value. */
type Column =
  | { readonly k: unknown }
  | { readonly d: readonly unknown[]; readonly i: readonly number[] }
  | { readonly v: readonly unknown[] };

/** A collection stored by column: `keys` once, `n` members, one column per key. */
interface Columns {
  readonly $cols: readonly string[];
  readonly n: number;
  readonly cols: readonly Column[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isRows(v: unknown): v is Rows {
  return isObject(v) && Array.isArray(v.$rows) && Array.isArray(v.values);
}

function isColumns(v: unknown): v is Columns {
  return (
    isObject(v) && Array.isArray(v.$cols) && Number.isSafeInteger(v.n) && Array.isArray(v.cols)
  );
}

/** The keys shared by every member of `items` in the same order, or null when they differ. */
function sharedKeys(items: readonly unknown[]): string[] | null {
  const first = items[0];
  if (!isObject(first) || Array.isArray(first)) {
    return null;
  }
  const keys = Object.keys(first);
  for (const item of items) {
    if (!isObject(item) || Array.isArray(item)) {
      return null;
    }
    let n = 0;
    for (const k in item) {
      // JSON would drop an undefined member from an object but write null in a column.
      if (k !== keys[n] || item[k] === undefined) {
        return null;
      }
      n++;
    }
    if (n !== keys.length) {
      return null;
    }
  }
  return keys;
}

/** The column of `values`: a dictionary when at most half of them are distinct. */
function toColumn(values: readonly unknown[]): Column {
  const primitive = new Map<unknown, number>();
  const composite = new Map<string, number>();
  const dict: unknown[] = [];
  const index: number[] = [];
  const limit = Math.max(1, values.length >> 1);
  for (const v of values) {
    let at: number | undefined;
    if (isObject(v)) {
      const text = JSON.stringify(v);
      at = composite.get(text);
      if (at === undefined) {
        at = dict.length;
        composite.set(text, at);
        dict.push(v);
      }
    } else {
      at = primitive.get(v);
      if (at === undefined) {
        at = dict.length;
        primitive.set(v, at);
        dict.push(v);
      }
    }
    if (dict.length > limit) {
      return { v: values };
    }
    index.push(at);
  }
  return dict.length === 1 ? { k: dict[0] } : { d: dict, i: index };
}

function toColumns(items: readonly unknown[]): Columns | null {
  const keys = items.length > 0 ? sharedKeys(items) : null;
  if (keys === null) {
    return null;
  }
  const cols = keys.map((k) => toColumn(items.map((item) => (item as Record<string, unknown>)[k])));
  return { $cols: keys, n: items.length, cols };
}

/** A fresh copy of a JSON value, so no two decoded members share an object or a list. */
function copy(v: unknown): unknown {
  if (!isObject(v)) {
    return v;
  }
  if (Array.isArray(v)) {
    return v.some(isObject) ? v.map(copy) : v.slice();
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    define(out, k, copy(v[k]));
  }
  return out;
}

/** Sets `key` as an own property, also when it is `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** True when `col` is a column of `n` members (every dictionary index in range). */
function isColumnOf(col: unknown, n: number): boolean {
  if (!isObject(col)) {
    return false;
  }
  if ('k' in col) {
    return true;
  }
  if (Array.isArray(col.v)) {
    return col.v.length === n;
  }
  const dict = col.d;
  const index = col.i;
  if (!Array.isArray(dict) || !Array.isArray(index) || index.length !== n) {
    return false;
  }
  for (let row = 0; row < n; row++) {
    const at: unknown = index[row];
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= dict.length) {
      return false;
    }
  }
  return true;
}

/** True when every column of `columns` holds its `n` members under a string key. */
function isWhole(columns: Columns): boolean {
  const keys = columns.$cols;
  return (
    columns.cols.length === keys.length &&
    keys.every((k) => typeof k === 'string') &&
    columns.cols.every((col) => isColumnOf(col, columns.n))
  );
}

/** The members of columns {@link isWhole} accepted, one object each. */
function buildMembers(columns: Columns): Record<string, unknown>[] {
  const keys = columns.$cols;
  const out = new Array<Record<string, unknown>>(columns.n);
  // Every member starts as a copy of one object with all the keys and every single-valued
  // primitive column, so each is one allocation of the final shape; the other columns
  // then only overwrite (no shape changes, no array of values per column). The keys are
  // own data properties, so a key `__proto__` is overwritten as data, never as the prototype.
  const shape: Record<string, unknown> = {};
  keys.forEach((key, c) => {
    const col = columns.cols[c] as Column;
    define(shape, key, 'k' in col && !isObject(col.k) ? col.k : null);
  });
  for (let row = 0; row < columns.n; row++) {
    out[row] = { ...shape };
  }
  for (let c = 0; c < keys.length; c++) {
    fillColumn(out, keys[c] as string, columns.cols[c] as Column);
  }
  return out;
}

/** Writes column `col` as `key` of each of `members` (a single primitive is in the shape). */
function fillColumn(members: Record<string, unknown>[], key: string, col: Column): void {
  const n = members.length;
  if ('k' in col) {
    if (isObject(col.k)) {
      for (let row = 0; row < n; row++) {
        (members[row] as Record<string, unknown>)[key] = copy(col.k);
      }
    }
    return;
  }
  // As isColumnOf reads a column: a `v` that is a list, else the dictionary.
  const every = (col as { v?: unknown }).v;
  if (Array.isArray(every)) {
    for (let row = 0; row < n; row++) {
      (members[row] as Record<string, unknown>)[key] = every[row] as unknown;
    }
    return;
  }
  const { d: dict, i: index } = col as { d: readonly unknown[]; i: readonly number[] };
  if (!dict.some(isObject)) {
    for (let row = 0; row < n; row++) {
      (members[row] as Record<string, unknown>)[key] = dict[index[row] as number];
    }
    return;
  }
  for (let row = 0; row < n; row++) {
    (members[row] as Record<string, unknown>)[key] = copy(dict[index[row] as number]);
  }
}

function fromColumns(columns: Columns): Record<string, unknown>[] | null {
  return isWhole(columns) ? buildMembers(columns) : null;
}

/**
 * `plan` whose `hosts` are built from `columns` when first read, then kept: opening a long
 * journal reads the rollout's hosts from its state, not from its plan (100,000 plan hosts,
 * each with its labels, cost about 100 ms and their garbage collection more). The property
 * sits where `hosts` sat and reads like any other; JSON, spreading and cloning see the hosts.
 */
function withHostsOnFirstRead(
  plan: Record<string, unknown>,
  columns: Columns,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...plan };
  Object.defineProperty(out, 'hosts', {
    enumerable: true,
    configurable: true,
    get(): unknown {
      const hosts = buildMembers(columns);
      Object.defineProperty(out, 'hosts', {
        value: hosts,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return hosts;
    },
    set(value: unknown): void {
      Object.defineProperty(out, 'hosts', {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  });
  return out;
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
      define(item, keys[i] as string, row[i]);
    }
    out.push(item);
  }
  return out;
}

/** The members of a stored collection (either layout), or null when it is not one. */
function decodeCollection(v: unknown): Record<string, unknown>[] | null | 'plain' {
  if (isColumns(v)) {
    return fromColumns(v);
  }
  if (isRows(v)) {
    return fromRows(v);
  }
  return 'plain';
}

/** The checkpoint text of `state`. */
export function encodeState(state: RolloutState): string {
  const hosts = Object.values(state.hosts);
  const names = Object.keys(state.hosts);
  // Host records are keyed by their own name: the columns carry it, the keys are dropped.
  const keyedByName = hosts.every((h, i) => h.name === names[i]);
  const hostCols = keyedByName ? toColumns(hosts) : null;
  const plan = state.plan;
  const planHostCols = plan ? toColumns(plan.hosts) : null;
  return JSON.stringify({
    ...state,
    ...(plan && planHostCols ? { plan: { ...plan, hosts: planHostCols } } : {}),
    ...(hostCols ? { hosts: hostCols } : {}),
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
  if (!isObject(raw)) {
    return null;
  }
  const hosts = decodeCollection(raw.hosts);
  if (hosts === null) {
    return null;
  }
  if (hosts !== 'plain') {
    const record: Record<string, unknown> = {};
    for (const h of hosts) {
      if (typeof h.name !== 'string') {
        return null;
      }
      if (h.name === '__proto__') {
        define(record, h.name, h);
      } else {
        record[h.name] = h;
      }
    }
    raw.hosts = record;
  }
  const plan = raw.plan;
  if (isObject(plan) && isColumns(plan.hosts)) {
    if (!isWhole(plan.hosts)) {
      return null;
    }
    raw.plan = withHostsOnFirstRead(plan, plan.hosts);
  } else if (isObject(plan)) {
    const planHosts = decodeCollection(plan.hosts);
    if (planHosts === null) {
      return null;
    }
    if (planHosts !== 'plain') {
      raw.plan = { ...plan, hosts: planHosts };
    }
  }
  return raw as unknown as RolloutState;
}
