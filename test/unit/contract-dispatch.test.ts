import { describe, expect, it } from 'vitest';
import {
  ConsoleSnapshotSchema,
  createNotWiredApi,
  createRemoteApi,
  dispatchCall,
  methodNames,
  pushNames,
  subscribeAllPushes,
} from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot, type FixtureScenario } from '../../src-main/core/contract/fixtures';

const now = () => Date.UTC(2026, 10, 26, 8, 0, 0);

describe('contract dispatch', () => {
  it('refuses a bad payload with a message naming the field', async () => {
    const { api } = createFixtureApi({ now });
    const out = await dispatchCall(api, 'rollback', { scope: 'ring', reason: 42 });
    expect(out).toEqual({
      ok: false,
      error: expect.stringMatching(/^rollback: invalid params\.reason: /),
    });
    const scope = await dispatchCall(api, 'rollback', { scope: 'everything', reason: 'x' });
    expect(scope.ok).toBe(false);
    expect(!scope.ok && scope.error).toMatch(/params\.scope/);
  });

  it('refuses unknown keys, unknown methods and prototype names', async () => {
    const { api } = createFixtureApi({ now });
    const extra = await dispatchCall(api, 'pause', { reason: 'r', force: true });
    expect(!extra.ok && extra.error).toMatch(/pause: invalid params: Unrecognized key.*force/);
    expect(await dispatchCall(api, 'toString', {})).toEqual({
      ok: false,
      error: "unknown method 'toString'",
    });
    expect(await dispatchCall(api, 'constructor', {})).toMatchObject({ ok: false });
  });

  it('refuses an operator command without a stamp, before the API sees it', async () => {
    const out = await dispatchCall(createNotWiredApi(), 'promote', { note: 'ok' });
    expect(out).toEqual({
      ok: false,
      error:
        'promote: invalid params.stamp: required (an operator command carries the id and deadline made when the person acted); nothing was done',
    });
  });

  it('passes only the message of an implementation error', async () => {
    const stamp = { id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', issuedAt: 1, deadline: 2 };
    const out = await dispatchCall(createNotWiredApi(), 'start', { stamp });
    expect(out).toEqual({
      ok: false,
      error: expect.stringMatching(/^start: engine not wired yet/),
    });
  });

  it('derives a remote api with every method and push, round-tripping through dispatch', async () => {
    const fixture = createFixtureApi({ now });
    const pushed: string[] = [];
    const sent: unknown[] = [];
    const remote = createRemoteApi(
      {
        call: (method, params) => {
          sent.push(params);
          return dispatchCall(fixture.api, method, params);
        },
        subscribe: (name, listener) => fixture.api[name]((p: unknown) => listener(p)),
      },
      { now: () => 1_000, newId: () => '1b4e28ba-2fa1-41d2-883f-0016d3cca427' },
    );
    for (const name of [...methodNames, ...pushNames]) {
      expect(typeof remote[name]).toBe('function');
    }
    const stop = subscribeAllPushes(remote, (name) => pushed.push(name));
    await remote.addNote({ text: 'looks fine' });
    const snap = await remote.getSnapshot();
    expect(snap.timeline.at(-1)?.text).toBe('looks fine');
    // A command is stamped when the page calls it; a query is not.
    expect(sent.slice(0, 2)).toEqual([
      {
        text: 'looks fine',
        stamp: { id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', issuedAt: 1_000, deadline: 31_000 },
      },
      {},
    ]);
    expect(pushed).toEqual(['onSnapshot']);
    await expect(remote.abort({ reason: ' ' })).rejects.toThrow(
      /params\.reason: a reason is required/,
    );
    stop();
    expect(fixture.hub.listenerCount('onSnapshot')).toBe(0);
  });
});

describe('fixture snapshots', () => {
  const scenarios: FixtureScenario[] = ['empty', 'idle', 'deploying', 'baking', 'halted', 'done'];
  it.each(scenarios)('%s matches the view-model schema', (scenario) => {
    const snap = makeFixtureSnapshot({ scenario, now: now() });
    expect(ConsoleSnapshotSchema.safeParse(snap).error).toBeUndefined();
    const counted = snap.rings.reduce(
      (n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(counted).toBe(snap.hosts.length);
  });
  it('is deterministic and scales to 10,000 hosts', () => {
    const a = makeFixtureSnapshot({ scenario: 'deploying', now: now(), hosts: 10_000 });
    const b = makeFixtureSnapshot({ scenario: 'deploying', now: now(), hosts: 10_000 });
    expect(a).toEqual(b);
    expect(a.hosts).toHaveLength(10_000);
    expect(new Set(a.hosts.map((h) => h.name)).size).toBe(10_000);
  });
});
