import { describe, expect, it } from 'vitest';
import { backoffDelay, nextState, type LifecycleEvent } from './lifecycle';
import type { ConnectionState } from './types';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 };

function drive(events: LifecycleEvent[], random = 0.5): ConnectionState[] {
  let s: ConnectionState = { kind: 'idle' };
  return events.map((e) => (s = nextState(s, e, policy, random)));
}

describe('connection lifecycle', () => {
  it('backs off on transport failures and gives up after maxAttempts', () => {
    const fail = (now: number): LifecycleEvent => ({
      type: 'failed',
      now,
      reason: 'ECONNREFUSED',
      result: 'unreachable',
    });
    expect(
      drive([
        { type: 'connect', now: 0 },
        fail(10),
        { type: 'retry', now: 110 },
        fail(120),
        { type: 'retry', now: 320 },
        fail(330),
      ]),
    ).toEqual([
      { kind: 'connecting', attempt: 1 },
      { kind: 'backing-off', attempt: 1, retryAt: 110, reason: 'ECONNREFUSED' },
      { kind: 'connecting', attempt: 2 },
      { kind: 'backing-off', attempt: 2, retryAt: 320, reason: 'ECONNREFUSED' },
      { kind: 'connecting', attempt: 3 },
      { kind: 'given-up', reason: 'ECONNREFUSED', result: 'unreachable' },
    ]);
  });

  it('never retries host key or auth problems; reconnects after close', () => {
    expect(
      drive([
        { type: 'connect', now: 0 },
        { type: 'failed', now: 1, reason: 'key', result: 'host-key-unknown' },
        { type: 'connect', now: 2 },
        { type: 'connected', now: 3 },
        { type: 'closed', now: 4 },
        { type: 'retry', now: 5 },
      ]).map((s) => s.kind),
    ).toEqual(['connecting', 'given-up', 'connecting', 'connected', 'idle', 'idle']);
  });

  it('caps and jitters the backoff', () => {
    expect([0, 0.5, 0.999].map((r) => backoffDelay(policy, 1, r))).toEqual([50, 100, 150]);
    expect(backoffDelay(policy, 10, 0.5)).toBe(1_000);
  });
});
