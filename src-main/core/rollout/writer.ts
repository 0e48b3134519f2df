import type {
  DomainState,
  GateState,
  HostState,
  OperatorAction,
  RingState,
  RolloutState,
} from './state';

/**
 * How the reducer writes. The same reducer code runs two ways:
 * - `copying`: structural sharing; only the objects on the path to a change are copied
 *   (the hosts record is copied on a host change). Used by `evolve`, which must not touch
 *   the state it receives.
 * - `inPlace`: assigns into the objects it is given. Used only by `replay`, on a state it
 *   created itself and nobody else has seen, so 1,000,000 events cost O(1) each.
 */
export interface Writer {
  root(s: RolloutState, patch: Partial<RolloutState>): RolloutState;
  ring(s: RolloutState, ri: number, patch: Partial<RingState>): RolloutState;
  domain(s: RolloutState, ri: number, di: number, patch: Partial<DomainState>): RolloutState;
  host(s: RolloutState, name: string, patch: Partial<HostState>): RolloutState;
  ringGate(s: RolloutState, ri: number, gate: string, value: GateState): RolloutState;
  platformGate(s: RolloutState, gate: string, value: GateState): RolloutState;
  action(s: RolloutState, a: OperatorAction): RolloutState;
  timing(s: RolloutState, key: string, durationMs: number): RolloutState;
}

function replaceAt<T>(list: readonly T[], i: number, value: T): T[] {
  const copy = list.slice();
  copy[i] = value;
  return copy;
}

/** Copy-on-write writer (pure). */
export const copying: Writer = {
  root: (s, patch) => ({ ...s, ...patch }),
  ring(s, ri, patch) {
    const r = s.rings[ri];
    return r ? { ...s, rings: replaceAt(s.rings, ri, { ...r, ...patch }) } : s;
  },
  domain(s, ri, di, patch) {
    const r = s.rings[ri];
    const d = r?.domains[di];
    if (!r || !d) {
      return s;
    }
    const ring = { ...r, domains: replaceAt(r.domains, di, { ...d, ...patch }) };
    return { ...s, rings: replaceAt(s.rings, ri, ring) };
  },
  host(s, name, patch) {
    const h = s.hosts[name];
    return h ? { ...s, hosts: { ...s.hosts, [name]: { ...h, ...patch } } } : s;
  },
  ringGate(s, ri, gate, value) {
    const r = s.rings[ri];
    return r ? copying.ring(s, ri, { gates: { ...r.gates, [gate]: value } }) : s;
  },
  platformGate: (s, gate, value) => ({
    ...s,
    platformGates: { ...s.platformGates, [gate]: value },
  }),
  action: (s, a) => ({ ...s, actions: [...s.actions, a] }),
  timing(s, key, durationMs) {
    const t = s.timings[key] ?? { count: 0, totalMs: 0 };
    return {
      ...s,
      timings: { ...s.timings, [key]: { count: t.count + 1, totalMs: t.totalMs + durationMs } },
    };
  },
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** In-place writer: only for states owned by the caller (see `replay`). */
export const inPlace: Writer = {
  root: (s, patch) => Object.assign(s, patch),
  ring(s, ri, patch) {
    const r = s.rings[ri];
    if (r) {
      Object.assign(r, patch);
    }
    return s;
  },
  domain(s, ri, di, patch) {
    const d = s.rings[ri]?.domains[di];
    if (d) {
      Object.assign(d, patch);
    }
    return s;
  },
  host(s, name, patch) {
    const h = s.hosts[name];
    if (h) {
      Object.assign(h, patch);
    }
    return s;
  },
  ringGate(s, ri, gate, value) {
    const r = s.rings[ri];
    if (r) {
      (r.gates as Record<string, GateState>)[gate] = value;
    }
    return s;
  },
  platformGate(s, gate, value) {
    (s.platformGates as Record<string, GateState>)[gate] = value;
    return s;
  },
  action(s, a) {
    (s.actions as OperatorAction[]).push(a);
    return s;
  },
  timing(s, key, durationMs) {
    const timings = s.timings as Record<string, Mutable<{ count: number; totalMs: number }>>;
    const t = timings[key];
    if (t) {
      t.count += 1;
      t.totalMs += durationMs;
    } else {
      timings[key] = { count: 1, totalMs: durationMs };
    }
    return s;
  },
};

/** Each host write of a {@link hostsInPlace} writer: the record, the name, the value before. */
export type HostUndo = [Record<string, HostState>, string, HostState][];

/**
 * Copy-on-write for everything but the hosts record, which is written in place (the host
 * itself is a new object; the root too): a host event costs O(1) instead of a copy of every
 * host. Only for a state whose hosts record its caller owns (the engine's own state): a state
 * held elsewhere would see later hosts. Every write is logged in `undo`, so a refused
 * decision can put the record back ({@link undoHosts}).
 */
export function hostsInPlace(undo: HostUndo): Writer {
  return {
    ...copying,
    host(s, name, patch) {
      const h = s.hosts[name];
      if (!h) {
        return s;
      }
      const record = s.hosts as Record<string, HostState>;
      undo.push([record, name, h]);
      record[name] = { ...h, ...patch };
      return { ...s };
    },
  };
}

/** Puts back every host a {@link hostsInPlace} writer wrote, newest first. */
export function undoHosts(undo: HostUndo): void {
  for (let i = undo.length - 1; i >= 0; i--) {
    const [record, name, before] = undo[i] as HostUndo[number];
    record[name] = before;
  }
  undo.length = 0;
}
