/**
 * The connection lifecycle as a pure transition function, so the pool's retry policy can be
 * tested by feeding events and comparing states, with no sockets and no timers.
 */
import type { ConnectionState, ExecResult } from './types';

/** What happened to a host's connection. */
export type LifecycleEvent =
  | { readonly type: 'connect'; readonly now: number }
  | { readonly type: 'connected'; readonly now: number }
  | {
      readonly type: 'failed';
      readonly now: number;
      readonly reason: string;
      readonly result: ExecResult['kind'];
    }
  | { readonly type: 'retry'; readonly now: number }
  | { readonly type: 'closed'; readonly now: number };

/** Retry policy: bounded attempts, exponential backoff with jitter. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0..1 share of the delay randomised, so a fleet does not retry in lockstep. */
  readonly jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  jitter: 0.2,
};

/** Only transport failures are worth retrying; key and auth problems need a human. */
export function isRetryable(result: ExecResult['kind']): boolean {
  return result === 'unreachable';
}

/** Backoff delay before attempt `attempt + 1`; `random` is in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 - policy.jitter + 2 * policy.jitter * random));
}

/** Next state; `random` feeds the jitter. Impossible transitions leave the state unchanged. */
export function nextState(
  state: ConnectionState,
  event: LifecycleEvent,
  policy: RetryPolicy,
  random: number,
): ConnectionState {
  switch (event.type) {
    case 'connect':
      return state.kind === 'idle' || state.kind === 'given-up'
        ? { kind: 'connecting', attempt: 1 }
        : state;
    case 'connected':
      return state.kind === 'connecting' ? { kind: 'connected', since: event.now } : state;
    case 'failed': {
      if (state.kind !== 'connecting') {
        return state;
      }
      if (!isRetryable(event.result) || state.attempt >= policy.maxAttempts) {
        return { kind: 'given-up', reason: event.reason, result: event.result };
      }
      return {
        kind: 'backing-off',
        attempt: state.attempt,
        retryAt: event.now + backoffDelay(policy, state.attempt, random),
        reason: event.reason,
      };
    }
    case 'retry':
      return state.kind === 'backing-off'
        ? { kind: 'connecting', attempt: state.attempt + 1 }
        : state;
    case 'closed':
      return state.kind === 'connected' ? { kind: 'idle' } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
