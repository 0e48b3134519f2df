/**
 * Which hosts a ring's telemetry is about: the ring's hosts already on the new version, and
 * a stable sample of baseline hosts (not yet touched by this rollout).
 */
import type { RolloutState } from '../../core/rollout';

/** Series-store scope of a ring's baseline. */
export function baselineScope(ring: string): string {
  return `baseline:${ring}`;
}

/** Series-store scope of platform gates. */
export const PLATFORM_SCOPE = 'platform';

/** Hosts of ring `ring` that run the new version (their deploy finished). */
export function ringHostsOnNewVersion(state: RolloutState, ring: string): string[] {
  const ri = state.rings.findIndex((r) => r.name === ring);
  const version = state.plan?.release.version;
  if (ri < 0 || version === undefined) {
    return [];
  }
  return Object.values(state.hosts)
    .filter((h) => h.ring === ri && h.status === 'done' && h.version === version)
    .map((h) => h.name)
    .sort();
}

/** Hosts of ring `ring` a deploy step has touched that do not run the new version yet. */
export function ringHostsDeploying(state: RolloutState, ring: string): string[] {
  const ri = state.rings.findIndex((r) => r.name === ring);
  return Object.values(state.hosts)
    .filter((h) => h.ring === ri && h.touched && h.status === 'deploying')
    .map((h) => h.name)
    .sort();
}

/**
 * Up to `max` baseline hosts: hosts no deploy step has touched, outside the active ring,
 * picked evenly across the sorted names so every region and zone tends to be represented
 * and the same hosts are picked on every call (increases need the same hosts each round).
 */
export function baselineSample(state: RolloutState, ring: string, max: number): string[] {
  const ri = state.rings.findIndex((r) => r.name === ring);
  const candidates = Object.values(state.hosts)
    .filter((h) => h.ring !== ri && !h.touched)
    .map((h) => h.name)
    .sort();
  if (candidates.length <= max) {
    return candidates;
  }
  const step = candidates.length / max;
  return Array.from({ length: max }, (_, i) => candidates[Math.floor(i * step)] ?? '').filter(
    (n) => n !== '',
  );
}

/** Spread sample of `names` (at most `max`), deterministic. */
export function spread(names: readonly string[], max: number): string[] {
  if (names.length <= max) {
    return [...names];
  }
  const step = names.length / max;
  return Array.from({ length: max }, (_, i) => names[Math.floor(i * step)] ?? '').filter(
    (n) => n !== '',
  );
}
