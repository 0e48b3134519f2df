/**
 * Builds a `RingsideApi` over any transport (Electron IPC in the preload, WebSocket in the
 * browser) from the contract's name lists, so no transport writes the API by hand.
 */
import type { RingsideApi, Unsubscribe } from './api';
import type { CallOutcome } from './dispatch';
import { methodNames, pushNames, type PushName } from './names';
import { isCommandKind, stampCommand } from '../commands/kinds';
import { snapshotDecoder, type SnapshotWire } from './snapshot-patch';
import type { ConsoleSnapshot } from './view-model';

/** What a transport must provide: one call, one subscription. */
export interface ApiTransport {
  /** Sends a call and resolves with the far side's envelope. */
  readonly call: (method: string, params: unknown) => Promise<CallOutcome>;
  /** Delivers every payload of push `name` to `listener` until unsubscribed. */
  readonly subscribe: (name: PushName, listener: (payload: unknown) => void) => Unsubscribe;
}

/** Where the stamp of an operator command comes from: the caller's clock and UUIDs. */
export interface CommandStamper {
  /** ms since epoch. */
  readonly now: () => number;
  /** A fresh UUID (`crypto.randomUUID()`). */
  readonly newId: () => string;
}

/**
 * Derives the API object from the contract. Methods reject with an Error carrying the far
 * side's message; payloads are trusted as typed because the far side validated them.
 * Operator commands (core/commands) are stamped here, the moment the page calls the method
 * — the moment the person acted — unless the caller stamped them already.
 */
export function createRemoteApi(transport: ApiTransport, stamper: CommandStamper): RingsideApi {
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    api[method] = async (params?: unknown) => {
      const given = (params ?? {}) as Record<string, unknown>;
      const sent =
        isCommandKind(method) && given.stamp === undefined
          ? { ...given, stamp: stampCommand(stamper.newId(), stamper.now()) }
          : given;
      const outcome = await transport.call(method, sent);
      if (!outcome.ok) {
        throw new Error(outcome.error);
      }
      return outcome.result;
    };
  }
  for (const name of pushNames) {
    api[name] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  // Built from the same name lists RingsideApi is derived from; the test
  // `contract-remote-api` checks every key is present.
  return api as RingsideApi;
}

/**
 * A transport whose `onSnapshot` pushes arrive as {@link SnapshotWire} messages (whole or
 * patched), wrapped so its subscribers get whole snapshots: rebuilt on the receiving side, so
 * a 1 Hz update of a 50,000-host fleet carries the hosts that changed, and unchanged hosts
 * keep their object identity for the views.
 */
export function withSnapshotPatches(
  transport: ApiTransport,
  warn: (line: string) => void,
): ApiTransport {
  // The last snapshot the page fetched: a patch may be made against it (see snapshotDecoder).
  let fetched: ConsoleSnapshot | null = null;
  const call: ApiTransport['call'] = async (method, params) => {
    const outcome = await transport.call(method, params);
    if (method === 'getSnapshot' && outcome.ok && outcome.result !== null) {
      fetched = outcome.result as ConsoleSnapshot;
    }
    return outcome;
  };
  return {
    call,
    subscribe: (name, listener) => {
      if (name !== 'onSnapshot') {
        return transport.subscribe(name, listener);
      }
      const decode = snapshotDecoder(
        listener,
        async () => {
          const outcome = await call('getSnapshot', {});
          return outcome.ok ? (outcome.result as ConsoleSnapshot) : null;
        },
        warn,
        () => fetched,
      );
      return transport.subscribe(name, (wire) => decode(wire as SnapshotWire));
    },
  };
}
