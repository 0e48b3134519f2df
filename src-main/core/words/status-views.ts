/**
 * The rollout core's states (kebab-case, as journaled) mapped to the console's states (the
 * view model's enums). One mapping, used by the snapshot projection and by `stateWords`, so a
 * state reads the same in the console, the CLI and the exports.
 */
import type {
  DomainStatus as ViewDomainStatus,
  HostState as ViewHostState,
  RingStatus as ViewRingStatus,
  RolloutStatus as ViewRolloutStatus,
} from '../contract/view-model';
import type { DomainState, HostStatus, RingState, RolloutStatus } from '../rollout/state';

/** Rollout status as the console names it. */
export function viewRolloutStatus(s: RolloutStatus): ViewRolloutStatus {
  switch (s) {
    case 'new':
    case 'created':
      return 'notStarted';
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'baking':
      return 'baking';
    case 'waiting-promotion':
      return 'waitingPromotion';
    case 'halted':
      return 'halted';
    case 'rolling-back':
      return 'rollingBack';
    case 'rolled-back':
      return 'rolledBack';
    case 'aborted':
      return 'aborted';
    case 'completed':
      return 'done';
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Ring status; a baked ring whose gates are not all passing still waits for promotion. */
export function viewRingStatus(s: RingState['status']): ViewRingStatus {
  switch (s) {
    case 'pending':
      return 'pending';
    case 'deploying':
      return 'deploying';
    case 'baking':
      return 'baking';
    case 'baked':
    case 'healthy':
      return 'waitingPromotion';
    case 'halted':
      return 'halted';
    case 'promoted':
      return 'promoted';
    case 'rolling-back':
      return 'rollingBack';
    case 'rolled-back':
      return 'rolledBack';
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Domain status, coloured by what happened to its ring. */
export function viewDomainStatus(d: DomainState, ring: RingState['status']): ViewDomainStatus {
  if (ring === 'rolled-back' && d.status !== 'pending') {
    return 'rolledBack';
  }
  if (ring === 'halted' && d.status === 'active') {
    return 'halted';
  }
  switch (d.status) {
    case 'pending':
      return 'pending';
    case 'active':
      return 'deploying';
    case 'completed':
      return 'done';
    default: {
      const never: never = d.status;
      return never;
    }
  }
}

/** Host state; a host being rolled back is shown as busy (deploying the previous version). */
export function viewHostState(s: HostStatus): ViewHostState {
  switch (s) {
    case 'pending':
      return 'pending';
    case 'deploying':
    case 'rolling-back':
      return 'deploying';
    case 'done':
      return 'done';
    case 'failed':
    case 'rollback-failed':
      return 'failed';
    case 'in-doubt':
      return 'inDoubt';
    case 'needs-approval':
      return 'needsApproval';
    case 'needs-passphrase':
      return 'needsPassphrase';
    case 'rolled-back':
      return 'rolledBack';
    default: {
      const never: never = s;
      return never;
    }
  }
}
