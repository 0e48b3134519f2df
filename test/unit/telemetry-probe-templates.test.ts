import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecFn } from '../../src-main/adapters/telemetry/probes';
import type { Host } from '../../src-main/core/model/host';
import { openSources } from '../../src-main/runtime/telemetry/sources';
import type { TelemetryPlan } from '../../src-main/core/telemetry/telemetry-plan';

/**
 * Issue 9/10: ssh-probe commands and http-probe URLs were sent with their `{{…}}` unrendered.
 * They now go through the one template mechanism: commands as shell data, URLs percent-encoded.
 */

const dir = mkdtempSync(join(tmpdir(), 'ringside-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real /bin/sh on this machine stands in for the host's shell. */
const commands: string[] = [];
const localExec: ExecFn = (_host, command, opts) =>
  new Promise((resolve) => {
    commands.push(command);
    const child = spawn('/bin/sh', ['-c', command], { cwd: dir, timeout: opts.timeoutMs });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ ok: true, exitCode: code ?? -1, stdout, stderr: '' }));
  });

const host = (name: string, labels: Record<string, string>): Host => ({
  name,
  address: '127.0.0.1',
  labels,
  user: 'deploy',
  port: 22,
});

function plan(source: TelemetryPlan['sources'] extends ReadonlyMap<string, infer S> ? S : never) {
  const tp: TelemetryPlan = {
    sources: new Map([[source.name, source]]),
    metrics: new Map(),
    gates: new Map(),
    alarmGates: new Map(),
    bakePhases: new Map(),
  };
  return tp;
}

describe('probe templates are rendered', () => {
  it('ssh-probe: each host gets its own values, as data, and a hostile label runs nothing', async () => {
    const hosts = new Map([
      ['a', host('a', { load: '7' })],
      ['b', host('b', { load: '$(touch TRIPWIRE)9' })],
    ]);
    const sources = openSources(
      plan({
        name: 'p',
        kind: 'ssh-probe',
        command: 'printf "%s %s\\n" {{version}} {{host.labels.load}}',
        interval: '1s',
        intervalMs: 1000,
      }),
      {
        hosts,
        release: { version: '2.4.0', previous: '2.3.9' },
        exec: localExec,
        clock: Date.now,
        timeoutMs: 5000,
        concurrency: 2,
      },
    );
    const round = await sources.get('p')?.fetch?.(['a', 'b']);
    expect(commands.every((c) => !c.includes('{{'))).toBe(true);
    expect(round?.samples.get('a')).toEqual([{ name: 'probe_value', labels: {}, value: 2.4 }]);
    expect(round?.errors.size).toBe(0);
    expect(existsSync(join(dir, 'TRIPWIRE'))).toBe(false);
  });

  it("ssh-probe: a variable the host lacks is that host's error, not a command with braces", async () => {
    const sources = openSources(
      plan({
        name: 'p',
        kind: 'ssh-probe',
        command: 'echo {{host.labels.missing}}',
        interval: '1s',
        intervalMs: 1000,
      }),
      {
        hosts: new Map([['a', host('a', {})]]),
        release: { version: '1', previous: '0' },
        exec: localExec,
        clock: Date.now,
        timeoutMs: 5000,
        concurrency: 1,
      },
    );
    const before = commands.length;
    const round = await sources.get('p')?.fetch?.(['a']);
    expect(commands.length).toBe(before);
    expect(round?.errors.get('a')).toMatch(/host\.labels\.missing/);
  });

  it('http-probe: the URL is requested with the value percent-encoded into its query', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const sources = openSources(
        plan({
          name: 'lb',
          kind: 'http-probe',
          url: `http://127.0.0.1:${port}/health?v={{version}}`,
          interval: '1s',
          intervalMs: 1000,
        }),
        {
          hosts: new Map(),
          release: { version: '2.4.0&admin=1 #x/../', previous: '2.3.9' },
          clock: Date.now,
          timeoutMs: 5000,
          concurrency: 1,
        },
      );
      const round = await sources.get('lb')?.fetch?.(['a']);
      expect(seen).toEqual(['/health?v=2.4.0%26admin%3D1%20%23x%2F..%2F']);
      expect(round?.samples.get('a')?.[0]).toEqual({
        name: 'probe_success',
        labels: {},
        value: 1,
      });
    } finally {
      server.close();
    }
  });
});
