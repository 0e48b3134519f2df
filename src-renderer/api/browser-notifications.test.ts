import { describe, expect, it } from 'vitest';
import { createBrowserNotifier, type NotificationPort } from './browser-notifications';

function fakePort(initial: NotificationPermission, answer: NotificationPermission) {
  let permission: NotificationPermission = initial;
  const shown: { title: string; body: string; requireInteraction: boolean }[] = [];
  let requests = 0;
  const port: NotificationPort = {
    permission: () => permission,
    request: async () => {
      requests += 1;
      // The person answers later: until then the permission stays undecided.
      await new Promise((r) => setTimeout(r, 0));
      permission = answer;
      return answer;
    },
    show: (title, o) =>
      shown.push({ title, body: o.body, requireInteraction: o.requireInteraction }),
  };
  return { port, shown, requests: () => requests };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('browser notifications', () => {
  it('asks nothing on load and nothing for a failed gate alone', async () => {
    const f = fakePort('default', 'granted');
    const notify = createBrowserNotifier(f.port, () => true);
    expect(f.requests()).toBe(0);
    notify({ kind: 'gate-failed', text: 'error-rate failed on canary' });
    await flush();
    expect(f.requests()).toBe(0);
    expect(f.shown).toEqual([]);
  });

  it('asks once on the first halt, then shows it and later ones like Electron does', async () => {
    const f = fakePort('default', 'granted');
    const notify = createBrowserNotifier(f.port, () => true);
    notify({ kind: 'halt', text: 'canary halted: error-rate failed' });
    notify({ kind: 'gate-failed', text: 'error-rate failed on canary' });
    await flush();
    notify({ kind: 'waiting-promotion', text: 'canary is baked' });
    await flush();
    expect(f.requests()).toBe(1);
    expect(f.shown).toEqual([
      {
        title: 'Rollout halted',
        body: 'canary halted: error-rate failed',
        requireInteraction: true,
      },
      { title: 'Gate failed', body: 'error-rate failed on canary', requireInteraction: true },
      { title: 'Waiting for promotion', body: 'canary is baked', requireInteraction: false },
    ]);
  });

  it('asks on the first promotion wait too, and shows nothing once refused or switched off', async () => {
    const refused = fakePort('default', 'denied');
    const notify = createBrowserNotifier(refused.port, () => true);
    notify({ kind: 'waiting-promotion', text: 'canary is baked' });
    await flush();
    notify({ kind: 'halt', text: 'x' });
    await flush();
    expect(refused.requests()).toBe(1);
    expect(refused.shown).toEqual([]);
    const off = fakePort('granted', 'granted');
    createBrowserNotifier(off.port, () => false)({ kind: 'halt', text: 'x' });
    expect(off.shown).toEqual([]);
  });
});
