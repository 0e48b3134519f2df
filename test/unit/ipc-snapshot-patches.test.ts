/**
 * Snapshots reach the Electron window as patches (issue 12 item 5): the main side's
 * forwardPushes encodes each snapshot against the last one it sent, and the renderer's API
 * (createRemoteApi over withSnapshotPatches, as api/client.ts builds it over the preload's
 * transport) rebuilds whole snapshots. Before, every 1 Hz push carried the whole fleet.
 */
import { describe, expect, it } from 'vitest';
import {
  createRemoteApi,
  pushChannel,
  withSnapshotPatches,
  type ApiTransport,
  type ConsoleSnapshot,
  type PushName,
} from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { forwardPushes } from '../../src-main/electron/ipc';

/** A window's WebContents as forwardPushes sees it, wired to an in-page transport. */
function fakeWindow(main: ReturnType<typeof createFixtureApi>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const sent: { channel: string; payload: unknown }[] = [];
  const contents = {
    send: (channel: string, payload: unknown) => {
      // What crosses IPC is a structured clone: nothing shared with main.
      const copy = structuredClone(payload);
      sent.push({ channel, payload: copy });
      for (const l of listeners.get(channel) ?? []) {
        l(copy);
      }
    },
    isDestroyed: () => false,
    once: () => contents,
  };
  const transport: ApiTransport = {
    call: async (method, params) => {
      const fn = (main.api as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method];
      return { ok: true, result: structuredClone(await fn!(params)) };
    },
    subscribe: (name: PushName, listener) => {
      const channel = pushChannel(name);
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  forwardPushes(main.api, contents as never);
  const page = createRemoteApi(
    withSnapshotPatches(transport, () => {}),
    {
      now: () => 0,
      newId: () => crypto.randomUUID(),
    },
  );
  return { page, sent };
}

describe('snapshots over IPC', () => {
  it('sends the first snapshot whole, then only the hosts that changed; the page rebuilds each exactly', () => {
    const main = createFixtureApi({ now: () => 1_000 });
    const { page, sent } = fakeWindow(main);
    const seen: ConsoleSnapshot[] = [];
    page.onSnapshot((s) => seen.push(s));

    const big = makeFixtureSnapshot({ scenario: 'deploying', now: 1_000, hosts: 50_000 });
    main.hub.emit('onSnapshot', big);
    const hosts = big.hosts.slice();
    hosts[123] = { ...hosts[123]!, state: 'failed' };
    const next = { ...big, revision: big.revision + 1, hosts };
    main.hub.emit('onSnapshot', next);

    const wires = sent.filter((m) => m.channel === pushChannel('onSnapshot'));
    expect(wires).toHaveLength(2);
    expect(Object.keys(wires[0]!.payload as object)).toEqual(['payload']);
    const second = wires[1]!.payload as { patch?: { changed: unknown[] } };
    expect(second.patch?.changed).toHaveLength(1);
    expect(JSON.stringify(second).length).toBeLessThan(JSON.stringify(next).length / 100);

    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(big);
    expect(seen[1]).toEqual(next);
    // Unchanged hosts keep their identity in the page: the fleet view redraws one cell.
    expect(seen[1]!.hosts[124]).toBe(seen[0]!.hosts[124]);
  });

  it('a patch that does not fit its base is healed by fetching the snapshot', async () => {
    const main = createFixtureApi({ now: () => 1_000 });
    const { page } = fakeWindow(main);
    const seen: ConsoleSnapshot[] = [];
    // Subscribed late: the first wire this subscriber sees is a patch with no base.
    const first = makeFixtureSnapshot({ scenario: 'deploying', now: 1, hosts: 10 });
    main.hub.emit('onSnapshot', first);
    page.onSnapshot((s) => seen.push(s));
    const hosts = first.hosts.slice();
    hosts[2] = { ...hosts[2]!, state: 'failed' };
    main.hub.emit('onSnapshot', { ...first, revision: first.revision + 1, hosts });
    const current = await page.getSnapshot();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.at(-1)?.revision).toBe(current.revision);
  });
});
