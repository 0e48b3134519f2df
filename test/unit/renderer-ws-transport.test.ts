import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { ConnectionStatus } from '../../src-renderer/store/ui-slice';
import { createWsTransport, NOT_SENT, type WsTransport } from '../../src-renderer/api/ws-transport';

// Node 20 has no global WebSocket; `ws` speaks the same onopen/onmessage/onclose interface.
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

/** A bridge stand-in on a fixed port that records every method it receives. */
async function bridge(
  port = 0,
): Promise<{ port: number; methods: string[]; stop: () => Promise<void> }> {
  const methods: string[] = [];
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const { id, method } = JSON.parse(String(data)) as { id: number; method: string };
      methods.push(method);
      socket.send(JSON.stringify({ id, result: null }));
    });
  });
  await new Promise<void>((done) => http.listen(port, '127.0.0.1', done));
  return {
    port: (http.address() as AddressInfo).port,
    methods,
    stop: async () => {
      for (const c of wss.clients) {
        c.terminate();
      }
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

let transport: WsTransport | null = null;
afterEach(() => transport?.close());

describe('ws transport', () => {
  it('never sends a command made while the connection was down, after it comes back', async () => {
    const first = await bridge();
    const statuses: ConnectionStatus[] = [];
    transport = createWsTransport(`ws://127.0.0.1:${first.port}/`, (s) => statuses.push(s));
    await until('connected', () => statuses.at(-1) === 'connected');
    expect(await transport.call('getSnapshot', {})).toEqual({ ok: true, result: null });

    await first.stop();
    await until('backing off', () => statuses.at(-1) === 'backingOff');
    // The operator clicks Start while the server is down.
    const start = transport.call('start', {});
    const second = await bridge(first.port);
    await until('reconnected', () => statuses.filter((s) => s === 'connected').length === 2);
    expect(await start).toEqual({ ok: false, error: NOT_SENT });
    // Give a replayed message time to arrive: none may.
    expect(await transport.call('getSnapshot', {})).toEqual({ ok: true, result: null });
    expect(second.methods).toEqual(['getSnapshot']);
    await second.stop();
  });

  it('queues calls made before the first connection (the page is still loading)', async () => {
    const server = await bridge();
    transport = createWsTransport(`ws://127.0.0.1:${server.port}/`, () => undefined);
    expect(await transport.call('getSnapshot', {})).toEqual({ ok: true, result: null });
    expect(server.methods).toEqual(['getSnapshot']);
    await server.stop();
  });
});
