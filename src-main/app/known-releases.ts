/**
 * The releases a workspace knows, for Start's picker: the plan's release, the variants the
 * workspace offers (the demo's good and bad builds), and every version its journals on disk
 * rolled out, newest first, with how that rollout ended. A version typed by hand is the
 * exception the console asks twice about, never the default.
 */
import type { KnownRelease, WorkspaceView } from '../core/contract';
import { rolloutStatusWord } from '../core/words';
import type { RolloutSession } from './rollout-session';
import type { Workspace } from './workspace';

/** One rollout found on disk: its version, its outcome in words, when it began. */
export interface JournaledRelease {
  readonly version: string;
  readonly outcome: string;
  readonly at: number;
}

/**
 * Merges what the workspace offers with what its journals show: plan release first, then the
 * workspace's variants, then versions only the journals know, newest first. Each carries its
 * newest journaled outcome.
 */
export function knownReleases(
  planVersion: string,
  offered: readonly string[],
  journaled: readonly JournaledRelease[],
): KnownRelease[] {
  const newest = new Map<string, { outcome: string; at: number }>();
  for (const j of journaled) {
    const seen = newest.get(j.version);
    if (!seen || seen.at < j.at) {
      newest.set(j.version, { outcome: j.outcome, at: j.at });
    }
  }
  const out: KnownRelease[] = [];
  const add = (version: string, from: KnownRelease['from']) => {
    if (!out.some((r) => r.version === version)) {
      out.push({ version, from, last: newest.get(version) ?? null });
    }
  };
  add(planVersion, 'plan');
  offered.forEach((v) => add(v, 'workspace'));
  [...newest.entries()].sort((a, b) => b[1].at - a[1].at).forEach(([v]) => add(v, 'journal'));
  return out;
}

/** The open workspace as the console shows it: release, the releases Start offers, what runs. */
export function viewOfWorkspace(
  ws: Workspace,
  session: RolloutSession | null,
  journaled: readonly JournaledRelease[],
): WorkspaceView {
  const release = session?.plan.release ?? ws.built.plan.release;
  const state = session?.state();
  // The live rollout is on disk too, but read before it began: add it as it stands now.
  const current: JournaledRelease[] =
    state !== undefined
      ? [
          {
            version: release.version,
            outcome: rolloutStatusWord(state.status),
            at: state.createdAt ?? 0,
          },
        ]
      : [];
  return {
    name: ws.name,
    source: ws.source,
    release: { ...release },
    releases: knownReleases(ws.built.plan.release.version, ws.releases, [...journaled, ...current]),
    running: ws.previousVersion(),
  };
}
