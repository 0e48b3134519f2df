/**
 * The WebSocket side of the contract: one connection = one renderer. Calls go through the
 * contract's validating dispatcher; every push of the API is forwarded while the socket lives.
 */
import type { WebSocket } from 'ws';
import {
  diffSnapshot,
  dispatchCall,
  subscribeAllPushes,
  type ConsoleSnapshot,
  WireRequestSchema,
  type RingsideApi,
  type WireServerMessage,
} from '../core/contract';

/** Pushes are dropped (not queued) for a client this far behind, so one stuck tab cannot
 * grow the server's memory without bound; the next snapshot brings it up to date. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Wires `socket` to `api` until the socket closes. */
export function attachBridge(socket: WebSocket, api: RingsideApi): void {
  const send = (message: WireServerMessage) => {
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  };
  // The last snapshot this client received: the base of the next patch.
  let lastSnapshot: ConsoleSnapshot | null = null;
  const stop = subscribeAllPushes(api, (push, payload) => {
    if (push === 'onSnapshot') {
      const snapshot = payload as ConsoleSnapshot;
      const patch = lastSnapshot ? diffSnapshot(lastSnapshot, snapshot) : null;
      lastSnapshot = snapshot;
      send(patch ? { push, patch } : { push, payload });
      return;
    }
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
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
    void dispatchCall(api, method, params).then((outcome) =>
      send(outcome.ok ? { id, result: outcome.result } : { id, error: outcome.error }),
    );
  });
}
