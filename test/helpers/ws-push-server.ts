/**
 * A console server in its own process (so a test can read its RSS) whose fixture API pushes
 * as fast as a busy rollout would and faster: a snapshot of a large fleet changing every
 * tick (patches), host output, log lines and samples. Prints `{"port":N}` when listening.
 * Run with `node --import tsx test/helpers/ws-push-server.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { startConsoleServer } from '../../src-main/server/console-server';

const fx = createFixtureApi({ now: Date.now, hosts: 3000 });
const server = await startConsoleServer({
  api: fx.api,
  staticDir: mkdtempSync(join(tmpdir(), 'ringside-ws-static-')),
  token: 'push-test-token',
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);

const line = 'x'.repeat(2000);
let tick = 0;
setInterval(() => {
  tick++;
  fx.setScenario(tick % 2 === 0 ? 'deploying' : 'halted');
  for (let i = 0; i < 20; i++) {
    fx.hub.emit('onHostOutput', { host: `h${i}`, stream: 'stdout', line });
    fx.hub.emit('onLogLine', {
      at: Date.now(),
      ring: 'canary',
      host: `h${i}`,
      line,
      signature: null,
    });
  }
  fx.hub.emit('onSamples', {
    metric: 'error_rate',
    ring: 'canary',
    points: Array.from({ length: 200 }, (_, i) => ({ t: Date.now() - i * 1000, v: i })),
  });
}, 20);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
