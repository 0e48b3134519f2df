/**
 * Issue 10 finding 7 in the rollout core: a host whose SSH key could not be unlocked (its
 * passphrase declined, or wrong every time) failed and counted against the ring's failure
 * budget, so a zero-budget ring halted because a person mistyped. Now it waits for a person,
 * like a host whose key is unknown: not failed, counted nowhere, the ring does not finish
 * while it waits; the person asks again or gives up on it (which fails it, with who and why).
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import {
  nextWork,
  parseRolloutEvent,
  replay,
  type RolloutEvent,
} from '../../src-main/core/rollout';
import { timelineDocument } from '../../src-main/core/timeline';

const KEY = '/home/op/.ssh/id_ed25519';

function zeroBudgetRing(): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([{ domains: [2], maxFailedHosts: 0, bakeMs: 1_000 }], { concurrency: 2 }),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
  h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
  return h;
}

const types = (events: readonly RolloutEvent[]) => events.map((e) => e.type);

describe('a key whose passphrase was not given', () => {
  it('leaves the host waiting for a person: not failed, no budget spent, the ring does not finish', () => {
    const h = zeroBudgetRing();
    h.must({ type: 'hostNeedsPassphrase', host: 'r0-d0-h0', key: KEY });
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({
      status: 'needs-passphrase',
      passphraseKey: KEY,
      touched: false,
      running: null,
    });
    expect(h.state.rings[0]).toMatchObject({ status: 'deploying', failed: 0, done: 0 });
    // The other host deploys; the ring still waits for the first one.
    h.settle();
    expect(h.state.hosts['r0-d0-h1']?.status).toBe('done');
    expect(h.state.status).toBe('running');
    expect(h.state.rings[0]).toMatchObject({ status: 'deploying', failed: 0, done: 1 });
    expect(nextWork(h.state, h.now)).toEqual([]);
  });

  it('asked again, the host deploys and the ring goes on to bake', () => {
    const h = zeroBudgetRing();
    h.must({ type: 'hostNeedsPassphrase', host: 'r0-d0-h0', key: KEY });
    expect(h.run({ type: 'retryPassphrase', by: 'bob', host: 'r0-d0-h1' })).toMatchObject({
      ok: false,
      reason: 'host r0-d0-h1 is not waiting for a key passphrase',
    });
    expect(types(h.must({ type: 'retryPassphrase', by: 'bob', host: 'r0-d0-h0' }))).toEqual([
      'PassphraseRetried',
    ]);
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({ status: 'pending', passphraseKey: null });
    h.settle();
    expect(h.state.hosts['r0-d0-h0']?.status).toBe('done');
    expect(h.state.status).toBe('baking');
    expect(h.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      `bob retry-passphrase r0-d0-h0 ${KEY}`,
    );
    expect(replay(h.journal)).toEqual(h.state);
  });

  it('given up on by a person, the host fails with who and why, and the zero budget halts the ring', () => {
    const h = zeroBudgetRing();
    h.must({ type: 'hostNeedsPassphrase', host: 'r0-d0-h0', key: KEY });
    expect(h.run({ type: 'giveUpHost', by: 'bob', host: 'r0-d0-h0', reason: '  ' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs a written reason/),
    });
    const events = h.must({
      type: 'giveUpHost',
      by: 'bob',
      host: 'r0-d0-h0',
      reason: 'key holder on leave',
    });
    expect(types(events)).toEqual(['HostGivenUp', 'RingHalted']);
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({
      status: 'failed',
      lastReason: 'given up by bob: key holder on leave',
    });
    expect(h.state.status).toBe('halted');
    expect(h.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      'bob give-up-host r0-d0-h0: key holder on leave',
    );
    expect(replay(h.journal)).toEqual(h.state);
  });

  it('is journaled in the core style: the events load back, and the timeline says it in words', () => {
    const h = zeroBudgetRing();
    h.must({ type: 'hostNeedsPassphrase', host: 'r0-d0-h0', key: KEY });
    h.must({ type: 'retryPassphrase', by: 'bob', host: 'r0-d0-h0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({ type: 'hostNeedsPassphrase', host: 'r0-d0-h0', key: KEY });
    h.must({ type: 'giveUpHost', by: 'bob', host: 'r0-d0-h0', reason: 'no key' });
    for (const e of h.journal) {
      expect(parseRolloutEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
    }
    const text = timelineDocument(h.journal)
      .entries.map((e) => e.text)
      .join('\n');
    expect(text).toContain(`r0-d0-h0: waiting for a key passphrase (${KEY}).`);
    expect(text).toContain('Gave up on r0-d0-h0 (no key): the host counts as failed.');
    expect(text).not.toMatch(/needs-passphrase|HostNeedsPassphrase|giveUpHost/);
  });

  it('only a running step can wait for a person: a host of a ring not started cannot be failed early', () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [1] }, { domains: [2] }]), by: 'a' });
    h.must({ type: 'start', by: 'a' });
    // Before this, a rejected key of ring1's host (never connected) halted ring1 while ring0 ran.
    expect(
      h.run({ type: 'hostNeedsApproval', host: 'r1-d0-h0', fingerprint: 'SHA256:x' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not running a step/) });
    expect(h.run({ type: 'hostNeedsPassphrase', host: 'r1-d0-h0', key: KEY })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not running a step/),
    });
    expect(h.state.rings.map((r) => r.status)).toEqual(['deploying', 'pending']);
  });

  it('a journal written before these events existed still loads', () => {
    const old = { type: 'HostNeedsApproval', at: 1, host: 'h', fingerprint: 'SHA256:x' };
    expect(parseRolloutEvent(old)).toEqual(old);
    expect(parseRolloutEvent({ type: 'HostNeedsPassphrase', at: 1, host: 'h' })).toMatch(
      /HostNeedsPassphrase event: key/,
    );
  });
});
