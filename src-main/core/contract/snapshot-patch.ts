/**
 * Host-level patches between two snapshots, for the WebSocket bridge: at 10,000 hosts a full
 * snapshot is ~2 MB of JSON (~50 ms to parse), while a 1 Hz update changes a few hosts.
 * The API and its listeners still see whole snapshots; only the wire carries patches.
 */
import type { ConsoleSnapshot, HostView } from './view-model';

export interface SnapshotPatch {
  /** Revision of the snapshot the patch applies to. */
  readonly baseRevision: number;
  /** The new snapshot without its hosts. */
  readonly rest: Omit<ConsoleSnapshot, 'hosts'>;
  readonly hostCount: number;
  /** [index, host] for every host that differs from the base. */
  readonly changed: readonly (readonly [number, HostView])[];
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
  return { baseRevision: prev.revision, rest, hostCount: next.hosts.length, changed };
}

/** Rebuilds the full snapshot; null when `base` is not the snapshot the patch was made from. */
export function applySnapshotPatch(
  base: ConsoleSnapshot,
  patch: SnapshotPatch,
): ConsoleSnapshot | null {
  if (base.revision !== patch.baseRevision || base.hosts.length !== patch.hostCount) {
    return null;
  }
  // Unchanged hosts keep their object identity, so memoised views skip them.
  const hosts = base.hosts.slice();
  for (const [i, host] of patch.changed) {
    hosts[i] = host;
  }
  return { ...patch.rest, hosts };
}
