/**
 * Browser mode: serves the built renderer and the WebSocket bridge on 127.0.0.1 only,
 * behind a random token. Refuses wrong Host headers (DNS rebinding), foreign Origins on the
 * WebSocket, and paths that leave the renderer directory.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RingsideApi } from '../core/contract';
import { securityHeaders } from './security-headers';
import { lookupStatic } from './static-files';
import { checkToken, createToken } from './token';
import { attachBridge } from './ws-bridge';

export interface ConsoleServerOptions {
  readonly api: RingsideApi;
  /** Directory of the built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Fixed token (tests); absent: 32 random bytes. */
  readonly token?: string;
}

export interface ConsoleServer {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL to open. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Path of the WebSocket bridge. */
  readonly wsPath: string;
  readonly close: () => Promise<void>;
}

const HOST = '127.0.0.1';
const WS_PATH = '/ws';

/** Starts the server; resolves once it listens. */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const token = options.token ?? createToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  wss.on('connection', (socket) => attachBridge(socket, options.api));
  let origin = '';
  let cookieName = '';

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        refuse(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      } else {
        res.destroy();
      }
    });
  });

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, {
      ...securityHeaders(origin),
      'Content-Type': 'text/plain; charset=utf-8',
    });
    res.end(`${status} ${text}\n`);
  };

  const gate = (req: IncomingMessage): { status: number; text: string } | { url: URL } => {
    if (req.headers.host !== origin.slice('http://'.length)) {
      return { status: 403, text: `Host must be ${origin.slice(7)}` };
    }
    const url = new URL(req.url ?? '/', origin);
    switch (checkToken(token, url.searchParams, req.headers.cookie, cookieName)) {
      case 'ok':
        return { url };
      case 'missing':
        return { status: 401, text: 'token required: open the URL ringside serve printed' };
      case 'wrong':
        return { status: 403, text: 'wrong token' };
      default:
        return { status: 403, text: 'token check failed' };
    }
  };

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const checked = gate(req);
    if (!('url' in checked)) {
      refuse(res, checked.status, checked.text);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'only GET and HEAD');
      return;
    }
    // The raw path, not URL's normalised one: traversal must be seen to be refused.
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const found = await lookupStatic(options.staticDir, rawPath);
    switch (found.kind) {
      case 'badRequest':
        refuse(res, 400, found.reason);
        return;
      case 'forbidden':
        refuse(res, 403, found.reason);
        return;
      case 'notFound':
        refuse(res, 404, `not found: ${checked.url.pathname}`);
        return;
      case 'file': {
        const headers: Record<string, string> = {
          ...securityHeaders(origin),
          'Content-Type': found.contentType,
        };
        if (checked.url.searchParams.has('token')) {
          // Assets requested by the page carry no query: the cookie authorises them.
          headers['Set-Cookie'] = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
        }
        res.writeHead(200, headers);
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        createReadStream(found.path).pipe(res);
        return;
      }
      default: {
        const never: never = found;
        throw new Error(`unhandled lookup ${JSON.stringify(never)}`);
      }
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const deny = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const checked = gate(req);
    if (!('url' in checked)) {
      deny(checked.status, checked.status === 401 ? 'Unauthorized' : 'Forbidden');
      return;
    }
    if (req.headers.origin !== origin) {
      deny(403, 'Forbidden');
      return;
    }
    if (checked.url.pathname !== WS_PATH) {
      deny(404, 'Not Found');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  cookieName = `ringside_token_${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    wsPath: WS_PATH,
    close: async () => {
      for (const client of wss.clients) {
        client.terminate();
      }
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
