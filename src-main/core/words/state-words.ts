/**
 * The one vocabulary a person reads: every state of a rollout, ring, update domain, host and
 * gate as words. The console's pills and explanations, the CLI and the exports all take their
 * words from here, so "done" never reads "completed" one screen later, and no enum spelling
 * (`waitingPromotion`, `rolling-back`) reaches a person.
 */
import type {
  ActionId,
  DomainStatus as ViewDomainStatus,
  GateOutcome,
  HostState as ViewHostState,
  RingStatus as ViewRingStatus,
  RolloutStatus as ViewRolloutStatus,
} from '../contract/view-model';
import type { RolloutEvent } from '../rollout/event';
import type { DomainState, HostStatus, RingState, RolloutStatus } from '../rollout/state';
import { viewHostState, viewRingStatus, viewRolloutStatus } from './status-views';

/** A rollout as a whole. */
export const rolloutStatusWords: Readonly<Record<ViewRolloutStatus, string>> = {
  notStarted: 'not started',
  running: 'deploying',
  baking: 'baking',
  waitingPromotion: 'waiting for promotion',
  paused: 'paused',
  halted: 'halted',
  rollingBack: 'rolling back',
  rolledBack: 'rolled back',
  aborted: 'aborted',
  done: 'done',
};

/** One ring. */
export const ringStatusWords: Readonly<Record<ViewRingStatus, string>> = {
  pending: 'not started',
  deploying: 'deploying',
  baking: 'baking',
  waitingPromotion: 'waiting for promotion',
  promoted: 'promoted',
  halted: 'halted',
  rollingBack: 'rolling back',
  rolledBack: 'rolled back',
  stopped: 'stopped (rollout aborted)',
};

/** A ring's pill: a ring promoted past failing or inconclusive gates says so. */
export function ringWord(status: ViewRingStatus, overridden: boolean): string {
  return overridden && status === 'promoted' ? 'promoted with override' : ringStatusWords[status];
}

/** One update domain. */
export const domainStatusWords: Readonly<Record<ViewDomainStatus, string>> = {
  pending: 'not started',
  deploying: 'deploying',
  done: 'done',
  halted: 'halted',
  rolledBack: 'rolled back',
};

/** One host. */
export const hostStateWords: Readonly<Record<ViewHostState, string>> = {
  pending: 'not updated',
  deploying: 'deploying',
  done: 'done',
  failed: 'failed',
  inDoubt: 'in doubt',
  rolledBack: 'rolled back',
  needsApproval: 'needs key approval',
  needsPassphrase: 'waiting for a key passphrase',
};

/** One gate's verdict. */
export const gateOutcomeWords: Readonly<Record<GateOutcome, string>> = {
  pass: 'pass',
  fail: 'fail',
  inconclusive: 'inconclusive',
  pending: 'collecting',
};

/** The operator's actions, as buttons and messages name them. */
export const actionWords: Readonly<Record<ActionId, string>> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote',
  abort: 'Abort',
  halt: 'Halt',
  rollbackRing: 'Roll back ring',
  rollbackAll: 'Roll back all',
  emergencyRollback: 'Emergency rollback',
};

/** A journaled rollout status (`waiting-promotion`) in the vocabulary. */
export function rolloutStatusWord(s: RolloutStatus): string {
  return rolloutStatusWords[viewRolloutStatus(s)];
}

/** A journaled ring status in the vocabulary; a baked ring with gates not passing says so. */
export function ringStatusWord(s: RingState['status']): string {
  return s === 'baked' ? 'baked, gates not all passing' : ringStatusWords[viewRingStatus(s)];
}

/** A journaled host status in the vocabulary. */
export function hostStatusWord(s: HostStatus): string {
  switch (s) {
    case 'rolling-back':
      return 'rolling back';
    case 'rollback-failed':
      return 'rollback failed';
    default:
      return hostStateWords[viewHostState(s)];
  }
}

/** Journal event types as a person names them, for timeline columns and filters. */
export const eventKindWords: Readonly<Record<RolloutEvent['type'], string>> = {
  RolloutCreated: 'rollout created',
  RolloutStarted: 'rollout started',
  RingStarted: 'ring started',
  DomainStarted: 'domain started',
  HostStepStarted: 'host step started',
  HostStepSucceeded: 'host step succeeded',
  HostStepFailed: 'host step failed',
  HostInDoubt: 'host in doubt',
  InDoubtResolved: 'doubt resolved',
  HostNeedsApproval: 'host key to approve',
  HostKeyApproved: 'host key approved',
  HostKeyRejected: 'host key rejected',
  HostNeedsPassphrase: 'key passphrase needed',
  PassphraseRetried: 'passphrase asked again',
  HostGivenUp: 'host given up',
  DomainCompleted: 'domain done',
  BakeStarted: 'bake started',
  BakeElapsed: 'bake elapsed',
  GateEvaluated: 'gate evaluated',
  RingHealthy: 'ring healthy',
  RingHalted: 'ring halted',
  HaltSummaryWritten: 'halt summary',
  PromotionApproved: 'promotion approved',
  Promoted: 'promoted',
  RollbackStarted: 'rollback started',
  HostRolledBack: 'host rolled back',
  RollbackCompleted: 'rollback done',
  Paused: 'paused',
  Resumed: 'resumed',
  Aborted: 'aborted',
  OperatorNote: 'note',
  AnomalyDetected: 'anomaly',
  RolloutCompleted: 'rollout done',
};

/** An event type in words; a type this build does not know is split at its capitals. */
export function eventKindWord(kind: string): string {
  return (
    (eventKindWords as Record<string, string>)[kind] ??
    kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  );
}

/** Host states in the order a ring's progress bar fills: finished work first. */
export const hostStateBarOrder: readonly ViewHostState[] = [
  'done',
  'rolledBack',
  'deploying',
  'inDoubt',
  'needsApproval',
  'needsPassphrase',
  'failed',
  'pending',
];

/**
 * A ring's hosts counted in words, matching what its bar shows: `3 hosts: 3 rolled back`,
 * `60 hosts: 2 done, 1 deploying, 57 not updated`.
 */
export function hostCountsLine(counts: Readonly<Record<ViewHostState, number>>): string {
  const total = hostStateBarOrder.reduce((n, s) => n + counts[s], 0);
  const parts = hostStateBarOrder
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${hostStateWords[s]}`);
  return `${total} host${total === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** A journaled update-domain status in the vocabulary. */
export function domainStateWord(s: DomainState['status']): string {
  return s === 'active' ? 'deploying' : s === 'completed' ? 'done' : 'not started';
}

/**
 * Where the hosts of a ring stand after a rollback, for the halt summary a person pastes:
 * `3 hosts back on 2.4.0.` (and those not back, by state). Empty when none was rolled back.
 */
export function backOnLine(
  hosts: readonly { readonly state: ViewHostState; readonly version: string | null }[],
): string {
  const back = new Map<string, number>();
  for (const h of hosts) {
    if (h.state === 'rolledBack') {
      const v = h.version ?? 'an unknown version';
      back.set(v, (back.get(v) ?? 0) + 1);
    }
  }
  const parts = [...back].map(([v, n]) => `${n} host${n === 1 ? '' : 's'} back on ${v}`);
  const notBack = hosts.filter((h) => h.state !== 'rolledBack' && h.state !== 'pending').length;
  return parts.length === 0
    ? ''
    : `${parts.join(', ')}${notBack > 0 ? `; ${notBack} not rolled back` : ''}.`;
}
