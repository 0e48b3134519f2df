/**
 * The browser-mode transport: the contract's wire format over one WebSocket, with an explicit
 * lifecycle connecting -> connected -> backingOff -> connecting ... | gaveUp.
 *
 * Nothing is ever replayed across a reconnect: a call made while the connection is down
 * fails at once ("not sent: connection lost — nothing was done"), and one that was queued
 * fails when the socket closes. Only calls made before the first connection wait for it
 * (the page is loading; no person can have acted on a stale view yet).
 */
import {
  type ApiTransport,
  type CallOutcome,
  type PushName,
  type SnapshotPatch,
} from '../../src-main/core/contract';
import type { ConnectionStatus } from '../store/ui-slice';

const MAX_ATTEMPTS = 12;
const CALL_TIMEOUT_MS = 30_000;

/** The answer to a call that never left this page. */
export const NOT_SENT = 'not sent: connection lost — nothing was done';
/** The answer to a call sent before the connection dropped, with no answer yet. */
export const ANSWER_LOST =
  'connection lost before the answer came: the rollout view shows whether it was carried out once reconnected';

interface Pending {
  resolve: (outcome: CallOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WsTransport extends ApiTransport {
  readonly close: () => void;
}

/** Opens `url` and keeps it open; `onStatus` hears every lifecycle change. */
export function createWsTransport(
  url: string,
  onStatus: (status: ConnectionStatus) => void,
): WsTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const queue: { id: number; message: string }[] = [];
  let everConnected = false;
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempts = 0;
  let closed = false;
  const deliver = (push: string, payload: unknown) => {
    for (const listener of listeners.get(push) ?? []) {
      listener(payload);
    }
  };

  const settle = (id: number, outcome: CallOutcome) => {
    const p = pending.get(id);
    if (p) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(outcome);
    }
  };

  const open = () => {
    onStatus('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      everConnected = true;
      onStatus('connected');
      // Only calls made before the first connection can be queued here (see call).
      for (const { message } of queue.splice(0)) {
        ws.send(message);
      }
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      let message: {
        id?: number;
        result?: unknown;
        error?: string;
        push?: string;
        payload?: unknown;
        patch?: SnapshotPatch;
      };
      try {
        message = JSON.parse(event.data) as typeof message;
      } catch {
        return;
      }
      if (message.push === 'onSnapshot') {
        // Whole or patched: withSnapshotPatches (core/contract) rebuilds it.
        deliver(
          message.push,
          message.patch !== undefined ? { patch: message.patch } : { payload: message.payload },
        );
      } else if (typeof message.push === 'string') {
        deliver(message.push, message.payload);
      } else if (typeof message.id === 'number') {
        settle(
          message.id,
          typeof message.error === 'string'
            ? { ok: false, error: message.error }
            : { ok: true, result: message.result },
        );
      }
    };
    ws.onclose = () => {
      socket = null;
      // Queued calls were never sent and never will be: a command must not run later, on a
      // server state the person did not see when they acted.
      const unsent = new Set(queue.splice(0).map((q) => q.id));
      // Calls in flight have no answer coming: fail them now rather than at their timeout.
      for (const id of [...pending.keys()]) {
        settle(id, { ok: false, error: unsent.has(id) ? NOT_SENT : ANSWER_LOST });
      }
      if (closed) {
        return;
      }
      attempts += 1;
      if (attempts > MAX_ATTEMPTS) {
        onStatus('gaveUp');
        return;
      }
      onStatus('backingOff');
      setTimeout(open, Math.min(10_000, 250 * 2 ** attempts));
    };
  };
  const transport: WsTransport = {
    call: (method, params) =>
      new Promise<CallOutcome>((resolve) => {
        const id = nextId++;
        const timer = setTimeout(
          () => settle(id, { ok: false, error: `${method}: no answer within 30 s` }),
          CALL_TIMEOUT_MS,
        );
        pending.set(id, { resolve, timer });
        const message = JSON.stringify({ id, method, params });
        if (socket?.readyState === WebSocket.OPEN) {
          socket.send(message);
        } else if (everConnected || attempts > MAX_ATTEMPTS || closed) {
          settle(id, { ok: false, error: NOT_SENT });
        } else {
          queue.push({ id, message });
        }
      }),
    subscribe: (name: PushName, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const entry = (p: unknown) => listener(p);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    close: () => {
      closed = true;
      socket?.close();
    },
  };
  open();
  return transport;
}

/** The bridge URL for the page this script was served from (token taken from the page URL). */
export function bridgeUrlFor(location: Location): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token || !location.protocol.startsWith('http')) {
    return null;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
