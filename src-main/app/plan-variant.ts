/**
 * A workspace plan turned into the plan of one rollout: which release it ships (the demo
 * offers a good and a bad one), which version it rolls back to, and optionally shorter bakes
 * (tests, demos). The hash is derived from the base hash and the changes, so each variant
 * gets its own journal identity and a journal can never be replayed against another variant.
 */
import { canonicalJson, sha256Hex } from '../core/hash';
import type { RolloutPlan } from '../core/model/plan';

/** What a rollout changes about the workspace's plan. */
export interface PlanVariant {
  readonly version?: string;
  readonly previous?: string;
  /** Every ring's bake, in ms (rings with no bake keep none). */
  readonly bakeMs?: number;
}

/** The plan of one rollout; the base plan itself when nothing changes. */
export function planVariant(base: RolloutPlan, v: PlanVariant): RolloutPlan {
  const release = {
    ...base.release,
    ...(v.version !== undefined ? { version: v.version } : {}),
    ...(v.previous !== undefined ? { previous: v.previous } : {}),
  };
  const bakeMs = v.bakeMs;
  const rings =
    bakeMs === undefined
      ? base.rings
      : base.rings.map((r) => (r.bakeMs > 0 ? { ...r, bakeMs } : r));
  const changed =
    release.version !== base.release.version ||
    release.previous !== base.release.previous ||
    rings !== base.rings;
  if (!changed) {
    return base;
  }
  const planHash = sha256Hex(
    canonicalJson({ base: base.planHash, release, bakes: rings.map((r) => r.bakeMs) }),
  );
  return { ...base, planHash, release, rings };
}
