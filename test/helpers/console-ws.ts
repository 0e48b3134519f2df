/**
 * Calls on a running console (`ringside serve`) through its WebSocket bridge, as a page would:
 * the tokenised URL it printed gives the port and token; the Origin is the console's own.
 */
import { WebSocket } from 'ws';
import type { RingsideProcess } from './ringside-cli';

/** One call on the console at `consoleUrl`; the wire answer (result, or the error line). */
export async function callConsole(
  consoleUrl: string,
  method: string,
  params: unknown,
): Promise<{ result?: unknown; error?: string }> {
  const u = new URL(consoleUrl);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token') ?? ''}`, {
    origin: u.origin,
  });
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return await new Promise((resolve) => {
      ws.on('message', (data: unknown) => {
        const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: string };
        if (m.id === 1) {
          resolve('error' in m ? { error: m.error } : { result: m.result });
        }
      });
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

/** The URL a started `ringside serve` printed (its first http:// line); throws if it exits. */
export async function consoleUrlOf(serve: RingsideProcess, what: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const line = serve
      .stdout()
      .split('\n')
      .find((l) => l.startsWith('http://'));
    if (line !== undefined) {
      return line.trim();
    }
    if (serve.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${what} did not start\n${serve.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
