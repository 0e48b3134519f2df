/**
 * Issue 10 item 3: one stuck tab exhausted the server's memory (RSS 109 -> 851 MB in 8 s)
 * because snapshot pushes skipped the WebSocket's buffer cap. The server runs in a child
 * process (test/helpers/ws-push-server.ts) pushing snapshots, patches, host output, log
 * lines and samples every 20 ms; a raw TCP client performs the WebSocket handshake and then
 * never reads. For 30 s the child's RSS must stay under 200 MB; the client is dropped, and
 * a new client can connect and receives the console's state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { procStats } from '../helpers/proc-stats';

const root = join(import.meta.dirname, '../..');
const TOKEN = 'push-test-token';
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
});

async function startServer(): Promise<{ port: number; pid: number }> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/ws-push-server.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = c;
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    c.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"port":(\d+)/.exec(buf);
      if (m) {
        resolve(Number(m[1]));
      }
    });
    c.on('exit', (code) => reject(new Error(`push server exited with ${code}`)));
  });
  return { port, pid: c.pid ?? 0 };
}

/** A client that completes the WebSocket handshake and then never reads another byte. */
async function neverReadingClient(port: number): Promise<Socket> {
  const sock = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.once('connect', () => resolve());
  });
  sock.write(
    [
      `GET /ws?token=${TOKEN} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        sock.off('data', onData);
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
        }
        sock.pause();
        resolve();
      }
    };
    sock.on('data', onData);
  });
  return sock;
}

describe('a client that never reads cannot grow the server', () => {
  it('RSS stays under 200 MB for 30 s of pushes; the client is dropped; a new one connects', async () => {
    const { port, pid } = await startServer();
    const stuck = await neverReadingClient(port);
    let closedByServer = false;
    stuck.on('close', () => (closedByServer = true));
    const samples: number[] = [];
    for (let s = 0; s < 30; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(procStats(pid)?.rssMb ?? 0);
    }
    const peak = Math.max(...samples);
    console.log(
      `ws backpressure: child RSS MB per second ${samples.map((x) => x.toFixed(0)).join(' ')}; peak ${peak.toFixed(0)}`,
    );
    expect(peak).toBeLessThan(200);

    // Dropped after staying over the cap: reading now finds the connection closed.
    stuck.resume();
    stuck.on('data', () => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    expect(closedByServer).toBe(true);

    // A fresh tab connects and gets the console's state.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, {
      headers: { Origin: `http://127.0.0.1:${port}` },
    });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d: Buffer) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first)).toHaveProperty('push');
    ws.close();
  }, 90_000);
});
