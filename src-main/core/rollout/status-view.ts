/**
 * The status of a rollout as `ringside status --json` prints it: a stable, plain object
 * derived from the replayed state (and the journal's lock holder, when a run drives it).
 */
import { approvalsListWords, approvalsWaitingWords, ringStatusWord } from '../words';
import { approvalsMissing, countedApprovals, needsApprovals } from './approvals';
import { eta, overallProgress } from './eta';
import type { RolloutEvent } from './event';
import { gatesNotPassing, platformGatesNotPassing } from './rules';
import type { HostState, RingState, RolloutState } from './state';
import { passphraseWaitWords, waitsForPerson } from './waiting-words';

/** Who holds the journal's lock. */
export interface Driver {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** One recent event, summarised. */
export interface StatusEvent {
  readonly seq: number;
  readonly at: string;
  readonly type: RolloutEvent['type'];
  readonly text: string;
}

/** Rollout states in which a driver has work to do without anyone's say. */
const MOVING: readonly RolloutState['status'][] = ['running', 'baking', 'rolling-back'];
/** Ring states that only a driver advances. */
const RING_MOVING: readonly string[] = ['deploying', 'baking', 'rolling-back'];

/** Builds the status object; `now` in ms since epoch. */
export function statusView(
  s: RolloutState,
  o: {
    readonly journal: string;
    readonly driver: Driver | null;
    readonly recent: readonly { seq: number; event: RolloutEvent }[];
    readonly now: number;
    /** The hosts a person should look at: {@link attentionHosts} of `s`, walked once. */
    readonly flagged: readonly HostState[];
  },
) {
  const ring = s.rings[s.currentRing] ?? null;
  const attention = o.flagged.map((h) => ({
    host: h.name,
    status: h.status,
    detail:
      h.status === 'needs-approval'
        ? `host key ${h.fingerprint ?? '?'} waits for approval`
        : h.status === 'needs-passphrase'
          ? passphraseWaitWords(h.passphraseKey)
          : h.status === 'in-doubt'
            ? `${h.inDoubt?.phase ?? '?'} step ${h.inDoubt?.step ?? '?'} in doubt`
            : (h.lastReason ?? ''),
  }));
  const e = eta(s, o.now);
  // The journal says a ring moves on, but only a live `run` (the lock holder) moves it.
  const stalled = o.driver === null && MOVING.includes(s.status);
  return {
    journal: o.journal,
    planHash: s.planHash,
    release: s.plan?.release ?? null,
    status: s.status,
    currentRing: ring?.name ?? null,
    driver: o.driver,
    progress: overallProgress(s),
    waitingFor: stalled
      ? 'a driver: no ringside run holds the journal, so nothing deploys, bakes or rolls back (ringside run PLAN --journal DIR resumes it)'
      : waitingFor(s, o.now, o.flagged),
    eta: e === null ? null : { remainingMs: e.remainingMs, manualPromotions: e.manualPromotions },
    rings: s.rings.map((r) => ({
      name: r.name,
      /** What the journal says; `activity` says whether anything is doing it. */
      status: r.status,
      activity:
        stalled && RING_MOVING.includes(r.status)
          ? `waiting for a driver (${ringStatusWord(r.status)})`
          : ringStatusWord(r.status),
      done: r.done,
      failed: r.failed,
      total: r.total,
      bakeEndsAt: r.bakeEndsAt === null ? null : new Date(r.bakeEndsAt).toISOString(),
      halt: r.halt,
      /** Present when the ring's plan asks for more than one approver. */
      ...(needsApprovals(r)
        ? {
            approvals: {
              needed: r.approvalsNeeded,
              by: r.approvals.map((a) => ({
                by: a.by,
                at: new Date(a.at).toISOString(),
                ...(a.override !== null ? { override: a.override } : {}),
              })),
            },
          }
        : {}),
      gates: Object.fromEntries(
        Object.entries(r.gates).map(([g, v]) => [
          g,
          { outcome: v.outcome, at: v.at === null ? null : new Date(v.at).toISOString() },
        ]),
      ),
      domains: r.domains.map((d) => ({
        name: d.name,
        status: d.status,
        done: d.done,
        failed: d.failed,
        total: d.total,
      })),
    })),
    /** Gates on shared infrastructure; each must pass before any ring is promoted. */
    // The state holds every platform gate: the plan's list from RolloutCreated (pending),
    // and for older journals those read so far.
    platformGates: Object.fromEntries(
      Object.entries(s.platformGates).map(([g, v]) => [
        g,
        { outcome: v.outcome, at: v.at === null ? null : new Date(v.at).toISOString() },
      ]),
    ),
    attention,
    lastEvents: o.recent.map((r): StatusEvent => ({
      seq: r.seq,
      at: new Date(r.event.at).toISOString(),
      type: r.event.type,
      text: describeEvent(r.event),
    })),
  };
}

/** The status object's type. */
export type StatusView = ReturnType<typeof statusView>;

/** `: waiting for 1 more approval (approved: alice at 12:03:07 UTC)`, or '' when none is needed. */
function approvalWait(ring: RingState, overriding: boolean): string {
  if (!needsApprovals(ring) || ring.status === 'promoted') {
    return '';
  }
  const counted = countedApprovals(ring, overriding);
  const missing = approvalsMissing(ring, overriding);
  return `: ${approvalsWaitingWords(missing)}${counted.length > 0 ? ` (approved: ${approvalsListWords(counted)})` : ''}`;
}

function waitingFor(s: RolloutState, now: number, flagged: readonly HostState[]): string | null {
  const ring = s.rings[s.currentRing];
  switch (s.status) {
    case 'created':
      return 'a run to start it';
    case 'waiting-promotion': {
      const failing = [
        ...(ring ? gatesNotPassing(ring) : []),
        ...platformGatesNotPassing(s).map((g) => `platform ${g}`),
      ];
      return `promotion of ring ${ring?.name ?? '?'}${failing.length > 0 ? ` (gates not passing: ${failing.join(', ')}; needs an override)` : ''}${ring ? approvalWait(ring, failing.length > 0) : ''}`;
    }
    case 'baking':
      return ring?.bakeEndsAt
        ? `the bake of ring ${ring.name} to end in ${Math.max(0, Math.ceil((ring.bakeEndsAt - now) / 1000))}s`
        : null;
    case 'paused':
      return 'resume (ringside resume JOURNAL)';
    case 'halted':
      return `a decision on halted ring ${ring?.name ?? '?'}: rollback, or promote with an override, or abort`;
    case 'running':
    case 'rolling-back': {
      const stuck = flagged.filter((h) => waitsForPerson(h) || h.status === 'in-doubt');
      return stuck.length > 0
        ? `${stuck.length} host(s) needing an operator: ${stuck
            .slice(0, 5)
            .map((h) => h.name)
            .join(', ')}`
        : null;
    }
    case 'new':
    case 'rolled-back':
    case 'aborted':
    case 'completed':
      return null;
    default: {
      const never: never = s.status;
      return never;
    }
  }
}

/** One line of what an event says, as status lists the last events. */
export function describeEvent(e: RolloutEvent): string {
  const parts: string[] = [];
  for (const k of ['ring', 'domain', 'host', 'step', 'by', 'outcome', 'gate', 'reason'] as const) {
    const v = (e as Partial<Record<string, unknown>>)[k];
    if (typeof v === 'string') {
      parts.push(`${k}=${v}`);
    }
  }
  return parts.join(' ');
}
