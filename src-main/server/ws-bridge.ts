/**
 * The WebSocket side of the contract: one connection = one renderer. Calls go through the
 * contract's validating dispatcher; every push of the API is forwarded while the socket lives.
 */
import type { WebSocket } from 'ws';
import {
  snapshotEncoder,
  dispatchCall,
  subscribeAllPushes,
  type ConsoleSnapshot,
  WireRequestSchema,
  type RingsideApi,
  type WireServerMessage,
} from '../core/contract';
import { redactHeld } from '../adapters/secrets/held-secrets';

/** Every message (snapshots, patches, logs, samples, answers) is dropped, not queued, for a
 * client this far behind, so one stuck tab cannot grow the server's memory without bound. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** A client that stays over the cap this long is disconnected; it may reconnect at once. */
export const STALLED_CLIENT_MS = 10_000;

/** Close code for a client dropped for not reading (RFC 6455 1008: policy violation). */
export const CLOSE_TOO_SLOW = 1008;

/** Tuning for tests: the cap and the grace period. */
export interface BridgeLimits {
  readonly maxBufferedBytes: number;
  readonly stalledClientMs: number;
}

/** Wires `socket` to `api` until the socket closes. */
export function attachBridge(
  socket: WebSocket,
  api: RingsideApi,
  limits: BridgeLimits = {
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    stalledClientMs: STALLED_CLIENT_MS,
  },
): void {
  let overSince: number | null = null;
  let dropped = false;
  /** Sends unless the client is over the cap; drops a client that stays there. */
  const send = (message: WireServerMessage): boolean => {
    if (socket.readyState !== socket.OPEN || dropped) {
      return false;
    }
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      const now = Date.now();
      overSince ??= now;
      if (now - overSince >= limits.stalledClientMs) {
        drop();
      }
      return false;
    }
    overSince = null;
    // The console is a boundary too: no held secret reaches a browser tab.
    socket.send(JSON.stringify(redactHeld(message)));
    return true;
  };
  const drop = (): void => {
    dropped = true;
    const mib = Math.round(socket.bufferedAmount / (1024 * 1024));
    socket.close(
      CLOSE_TOO_SLOW,
      `client too slow: ${mib} MiB unread for ${Math.round(limits.stalledClientMs / 1000)} s; reconnect`,
    );
    // A client that never reads never completes the closing handshake either.
    setTimeout(() => socket.terminate(), 1000).unref();
  };
  // Each snapshot is a patch against the last one this client received; one dropped for
  // backpressure leaves that base as it was, so the next patch is against what the client has.
  const snapshots = snapshotEncoder();
  const stop = subscribeAllPushes(api, (push, payload) => {
    if (push === 'onSnapshot') {
      const snapshot = payload as ConsoleSnapshot;
      if (send({ push, ...snapshots.encode(snapshot) })) {
        snapshots.delivered(snapshot);
      }
      return;
    }
    send({ push, payload });
  });
  socket.on('close', stop);
  socket.on('error', stop);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ id: -1, error: 'bridge: expected a JSON text message, got binary' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      send({ id: -1, error: 'bridge: message is not valid JSON' });
      return;
    }
    const request = WireRequestSchema.safeParse(json);
    if (!request.success) {
      const where = request.error.issues[0]?.path.join('.') || 'message';
      send({ id: -1, error: `bridge: expected {id, method, params}; bad ${where}` });
      return;
    }
    const { id, method, params } = request.data;
    void dispatchCall(api, method, params).then((outcome) => {
      const sent = send(outcome.ok ? { id, result: outcome.result } : { id, error: outcome.error });
      // The page keeps what it fetched (core/contract withSnapshotPatches): the next snapshot
      // is a patch against it, not the whole fleet again. One socket keeps the order.
      if (sent && outcome.ok && method === 'getSnapshot' && outcome.result !== null) {
        snapshots.delivered(outcome.result as ConsoleSnapshot);
      }
    });
  });
}
