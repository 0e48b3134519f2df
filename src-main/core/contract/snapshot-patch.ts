/**
 * Host-level patches between two snapshots, for the WebSocket bridge: at 10,000 hosts a full
 * snapshot is ~2 MB of JSON (~50 ms to parse), while a 1 Hz update changes a few hosts.
 * The API and its listeners still see whole snapshots; only the wire carries patches.
 */
import type { ConsoleSnapshot, HostView, RingView } from './view-model';

export interface SnapshotPatch {
  /** Revision of the snapshot the patch applies to. */
  readonly baseRevision: number;
  /** The new snapshot without its hosts. */
  readonly rest: Omit<ConsoleSnapshot, 'hosts'>;
  readonly hostCount: number;
  /** [index, host] for every host that differs from the base. */
  readonly changed: readonly (readonly [number, HostView])[];
  /**
   * True when every update domain lists the same hosts as in the base: `rest.rings` then
   * carries each domain without its host list (the fleet's shape, 50,000 names, is not sent
   * again each second) and the receiver takes the lists from its base.
   */
  readonly sameDomainHosts: boolean;
}

/** Whether every domain of `b` lists the same hosts as the same domain of `a`. */
function sameDomainHosts(a: readonly RingView[], b: readonly RingView[]): boolean {
  return (
    a.length === b.length &&
    a.every((ra, i) => {
      const rb = b[i];
      return (
        rb !== undefined &&
        ra.domains.length === rb.domains.length &&
        ra.domains.every((da, j) => {
          const db = rb.domains[j];
          return db !== undefined && (da.hosts === db.hosts || sameStrings(da.hosts, db.hosts));
        })
      );
    })
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameLabels(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  if (a === b) {
    return true;
  }
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Field-by-field equality of two hosts (cheap: no serialisation). */
export function sameHost(a: HostView, b: HostView): boolean {
  return (
    a === b ||
    (a.name === b.name &&
      a.ring === b.ring &&
      a.domain === b.domain &&
      a.state === b.state &&
      a.version === b.version &&
      sameStrings(a.lastOutput, b.lastOutput) &&
      sameLabels(a.labels, b.labels))
  );
}

/**
 * The patch from `prev` to `next`, or null when a patch would not pay (different fleet
 * shape, or more than half the hosts changed): then the full snapshot is sent.
 */
export function diffSnapshot(prev: ConsoleSnapshot, next: ConsoleSnapshot): SnapshotPatch | null {
  if (prev.hosts.length !== next.hosts.length) {
    return null;
  }
  const changed: [number, HostView][] = [];
  for (let i = 0; i < next.hosts.length; i += 1) {
    const a = prev.hosts[i];
    const b = next.hosts[i];
    if (a === undefined || b === undefined || a.name !== b.name) {
      return null;
    }
    if (!sameHost(a, b)) {
      changed.push([i, b]);
    }
  }
  if (changed.length > next.hosts.length / 2) {
    return null;
  }
  const { hosts: _hosts, ...rest } = next;
  const same = sameDomainHosts(prev.rings, next.rings);
  return {
    baseRevision: prev.revision,
    rest: same
      ? {
          ...rest,
          rings: rest.rings.map((r) => ({
            ...r,
            domains: r.domains.map((d) => ({ ...d, hosts: [] })),
          })),
        }
      : rest,
    hostCount: next.hosts.length,
    changed,
    sameDomainHosts: same,
  };
}

/** Rebuilds the full snapshot; null when `base` is not the snapshot the patch was made from. */
export function applySnapshotPatch(
  base: ConsoleSnapshot,
  patch: SnapshotPatch,
): ConsoleSnapshot | null {
  if (base.revision !== patch.baseRevision || base.hosts.length !== patch.hostCount) {
    return null;
  }
  let rings = patch.rest.rings;
  if (patch.sameDomainHosts) {
    if (rings.length !== base.rings.length) {
      return null;
    }
    const restored: RingView[] = [];
    for (const [i, r] of rings.entries()) {
      const b = base.rings[i];
      if (b === undefined || b.domains.length !== r.domains.length) {
        return null;
      }
      restored.push({
        ...r,
        domains: r.domains.map((d, j) => ({ ...d, hosts: b.domains[j]?.hosts ?? [] })),
      });
    }
    rings = restored;
  }
  // Unchanged hosts keep their object identity, so memoised views skip them.
  const hosts = base.hosts.slice();
  for (const [i, host] of patch.changed) {
    hosts[i] = host;
  }
  return { ...patch.rest, rings, hosts };
}

/**
 * A snapshot push as it crosses a wire (Electron IPC, the WebSocket bridge): the whole
 * snapshot, or a patch against the last one this receiver got.
 */
export type SnapshotWire =
  { readonly payload: ConsoleSnapshot } | { readonly patch: SnapshotPatch };

/**
 * The sending side of one receiver: encodes each snapshot against the last one the receiver
 * got. Call `delivered` once a message left (a dropped one leaves the base as it was).
 */
export function snapshotEncoder(): {
  encode(next: ConsoleSnapshot): SnapshotWire;
  delivered(sent: ConsoleSnapshot): void;
} {
  let last: ConsoleSnapshot | null = null;
  return {
    encode: (next) => {
      const patch = last ? diffSnapshot(last, next) : null;
      return patch ? { patch } : { payload: next };
    },
    delivered: (sent) => {
      last = sent;
    },
  };
}

/**
 * The receiving side: rebuilds whole snapshots from wire messages for `deliver`. A patch
 * applies to the last snapshot delivered, or to `fetched()` — the last one the page asked for
 * with getSnapshot — when its revision is the patch's base (a server that saw the page fetch
 * it patches against that, so a new connection's first push is no whole fleet either). A
 * patch that fits neither (a bug) is healed by `refetch`, with a line to `warn`.
 */
export function snapshotDecoder(
  deliver: (snapshot: ConsoleSnapshot) => void,
  refetch: () => Promise<ConsoleSnapshot | null>,
  warn: (line: string) => void,
  fetched: () => ConsoleSnapshot | null,
): (wire: SnapshotWire) => void {
  let last: ConsoleSnapshot | null = null;
  return (wire) => {
    if ('payload' in wire) {
      last = wire.payload;
      deliver(wire.payload);
      return;
    }
    const asked = fetched();
    const rebuilt =
      (last ? applySnapshotPatch(last, wire.patch) : null) ??
      (asked ? applySnapshotPatch(asked, wire.patch) : null);
    if (rebuilt) {
      last = rebuilt;
      deliver(rebuilt);
      return;
    }
    warn(
      `ringside: snapshot patch for revision ${wire.patch.baseRevision} did not apply; refetching`,
    );
    void refetch().then((s) => {
      if (s) {
        last = s;
        deliver(s);
      }
    });
  };
}
