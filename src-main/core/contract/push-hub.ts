/**
 * Listener registry for the contract's pushes: what an API implementation uses to offer the
 * `onXxx` subscriptions and to emit payloads to every subscriber.
 */
import type { PushPayload, RingsideSubscriptions, Unsubscribe } from './api';
import { pushNames, type PushName } from './names';

export interface PushHub {
  /** The `onXxx` half of a `RingsideApi`, ready to spread into an implementation. */
  readonly subscriptions: RingsideSubscriptions;
  /** Delivers `payload` to every current listener of `name`. A throwing listener is isolated. */
  readonly emit: <K extends PushName>(name: K, payload: PushPayload<K>) => void;
  /** Current listener count of a push (tests, diagnostics). */
  readonly listenerCount: (name: PushName) => number;
}

/** Creates an empty hub. `onListenerError` hears listener exceptions (default: ignored). */
export function createPushHub(onListenerError?: (name: PushName, error: unknown) => void): PushHub {
  const listeners = new Map<PushName, Set<(payload: unknown) => void>>(
    pushNames.map((n) => [n, new Set()]),
  );
  const subscribe =
    (name: PushName) =>
    (listener: (payload: unknown) => void): Unsubscribe => {
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (payload: unknown) => listener(payload);
      listeners.get(name)?.add(entry);
      return () => {
        listeners.get(name)?.delete(entry);
      };
    };
  const subscriptions = Object.fromEntries(
    pushNames.map((n) => [n, subscribe(n)]),
  ) as unknown as RingsideSubscriptions;
  return {
    subscriptions,
    emit: (name, payload) => {
      for (const listener of [...(listeners.get(name) ?? [])]) {
        try {
          listener(payload);
        } catch (e) {
          onListenerError?.(name, e);
        }
      }
    },
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
  };
}
