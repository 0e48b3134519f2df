/**
 * What each host runs now, and what happened to it, across every rollout of a workspace.
 *
 * One rollout's state knows the version of the hosts it touched; a host it never reached
 * keeps whatever the rollouts before left on it. So after 2.4.0 went everywhere and 2.4.1-bad
 * was rolled back in the canary, the 57 hosts 2.4.1-bad never reached still run 2.4.0 — not
 * "pending", not unknown.
 */
import type { RolloutEvent } from './event';
import type { HostState } from './state';
import { replay } from './evolve';

/** Host name -> the version it runs; null when the journal cannot know (a step failed midway). */
export type RunningVersions = ReadonlyMap<string, string | null>;

/** True when this rollout did (or tried to do) something to the host. */
export function rolloutReachedHost(h: HostState): boolean {
  return h.touched || (h.status !== 'pending' && h.status !== 'needs-approval');
}

/**
 * The version each host runs after `rollouts` (each one journal's events, oldest rollout
 * first). A host a rollout reached takes that rollout's word for it; a host none reached
 * runs the `previous` version of the first rollout that listed it.
 */
export function runningVersions(rollouts: readonly (readonly RolloutEvent[])[]): RunningVersions {
  const out = new Map<string, string | null>();
  for (const events of rollouts) {
    const state = replay(events);
    const previous = state.plan?.release.previous ?? null;
    for (const h of Object.values(state.hosts)) {
      if (rolloutReachedHost(h)) {
        out.set(h.name, h.version);
      } else if (!out.has(h.name)) {
        out.set(h.name, previous);
      }
    }
  }
  return out;
}

/** One step a host went through in one rollout, as its history lists it. */
export interface HostStepRecord {
  readonly at: number;
  readonly phase: 'deploy' | 'rollback' | 'verify';
  readonly step: string;
  readonly outcome: 'succeeded' | 'failed' | 'in doubt';
  /** Exit code, reason or resolution, in a few words. */
  readonly detail: string;
  readonly durationMs: number | null;
}

/** What one event says about a step on its host, or null for an event that is no step end. */
function stepRecord(e: RolloutEvent): HostStepRecord | null {
  switch (e.type) {
    case 'HostStepSucceeded':
      return {
        at: e.at,
        phase: e.phase,
        step: e.step,
        outcome: 'succeeded',
        detail: `exit ${e.exitCode}`,
        durationMs: e.durationMs,
      };
    case 'HostStepFailed':
      return {
        at: e.at,
        phase: e.phase,
        step: e.step,
        outcome: 'failed',
        detail: e.exitCode === null ? e.reason : `exit ${e.exitCode}: ${e.reason}`,
        durationMs: e.durationMs,
      };
    case 'HostInDoubt':
      return {
        at: e.at,
        phase: e.phase,
        step: e.step,
        outcome: 'in doubt',
        detail: 'its end was never journaled',
        durationMs: null,
      };
    default:
      return null;
  }
}

/** Every finished (or in-doubt) step of `host` in one rollout's events, oldest first. */
export function hostSteps(events: readonly RolloutEvent[], host: string): HostStepRecord[] {
  const out: HostStepRecord[] = [];
  for (const e of events) {
    const r = 'host' in e && e.host === host ? stepRecord(e) : null;
    if (r !== null) {
      out.push(r);
    }
  }
  return out;
}

/** Every host's steps of one rollout in one pass, in journal order (a finished journal's index). */
export function stepsByHost(events: readonly RolloutEvent[]): Map<string, HostStepRecord[]> {
  const out = new Map<string, HostStepRecord[]>();
  for (const e of events) {
    const r = 'host' in e ? stepRecord(e) : null;
    if (r !== null && 'host' in e) {
      const list = out.get(e.host);
      if (list === undefined) {
        out.set(e.host, [r]);
      } else {
        list.push(r);
      }
    }
  }
  return out;
}
