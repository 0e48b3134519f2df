import http from 'node:http';
import type net from 'node:net';
import type { HostEndpoint } from './host-endpoint';
import { parseFault } from './faults';

/**
 * The HTTP face of every simulated host (one server; each host's listener hands it sockets):
 * `GET /metrics` (Prometheus text 0.0.4), and two control routes so a fleet running in
 * another process (`ringside sim`) can be inspected and faulted by tests and drills:
 * `GET /sim/state` (version, restarts, exec counts...) and `PUT /sim/fault` (a SimFault as
 * JSON, or `null` to clear); both take `?host=NAME` to act on another host of the fleet.
 *
 * When the fleet routes every host through one listener, the same routes live under
 * `/hosts/NAME/` (e.g. `/hosts/web-01/metrics`), and a host's network fault is applied to its
 * scrape request here, as its own listener would at accept time: refused and dropped
 * requests are reset, blackholed ones never answered, slow ones answered late.
 */

const ROUTED = /^\/hosts\/([^/]+)(\/.*)$/;

/** Applies `host`'s network fault to a routed scrape; true when the request is handled. */
function faulted(host: HostEndpoint, req: http.IncomingMessage, answer: () => void): boolean {
  const fault = host.state.fault;
  if (fault?.kind === 'unreachable') {
    if ((fault.mode ?? 'refuse') !== 'blackhole') {
      req.socket.destroy();
    }
    return true;
  }
  if (fault?.kind === 'slow') {
    setTimeout(answer, fault.delayMs);
    return true;
  }
  return false;
}
export function createHostHttpServer(
  lookup: (socket: net.Socket) => HostEndpoint | undefined,
  byName: (name: string) => HostEndpoint | undefined,
): http.Server {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const routed = ROUTED.exec(url.pathname);
    const route = `${req.method ?? ''} ${routed?.[2] ?? url.pathname}`;
    const text = (code: number, body: string): void => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(body + '\n');
    };
    // `?host=NAME` on the control routes reaches another host of the fleet, e.g. to clear
    // an unreachable fault whose own port is closed.
    const named = routed
      ? safeDecode(routed[1] ?? '')
      : route === 'GET /metrics'
        ? null
        : url.searchParams.get('host');
    const host = named === null ? lookup(req.socket) : byName(named);
    if (!host) {
      const which = named === null ? 'bound to this connection' : `named '${named}'`;
      text(404, `ringside-sim: no host ${which}`);
      return;
    }
    switch (route) {
      case 'GET /metrics': {
        const answer = (): void => {
          res
            .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
            .end(host.state.metricsText());
        };
        if (!(routed && faulted(host, req, answer))) {
          answer();
        }
        return;
      }
      case 'GET /sim/state': {
        const s = host.state.snapshot();
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ...s, execCounts: Object.fromEntries(s.execCounts) }) + '\n');
        return;
      }
      case 'PUT /sim/fault': {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => {
          body += c;
        });
        req.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            text(400, `ringside-sim: PUT /sim/fault on ${host.state.name}: body is not JSON`);
            return;
          }
          const parsed = parseFault(json);
          if (!parsed.ok) {
            text(400, `ringside-sim: PUT /sim/fault on ${host.state.name}: ${parsed.error}`);
            return;
          }
          // Spare this connection: an unreachable fault would otherwise cut its own answer.
          host.setFault(parsed.fault, req.socket).then(
            () =>
              text(
                200,
                `fault on ${host.state.name}: ${parsed.fault ? parsed.fault.kind : 'cleared'}`,
              ),
            (e: unknown) =>
              text(500, `ringside-sim: PUT /sim/fault on ${host.state.name}: ${String(e)}`),
          );
        });
        return;
      }
      default:
        text(
          404,
          'not found: GET /metrics, GET /sim/state, PUT /sim/fault (each also under /hosts/NAME/)',
        );
    }
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

/** A host name from a URL path segment; a malformed escape names no host. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
