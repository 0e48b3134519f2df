import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMetricsServer, type MetricsServer } from '../../../test/helpers/prometheus';
import { followCommand, followLogs, type StreamExecFn } from './logs';
import { httpProbe, sshProbe, type ExecFn } from './probes';
import { scrapeTargets } from './scrape';

/**
 * The SSH adapter is written elsewhere; these run the real commands on this machine through
 * `sh -c`, which is what the SSH adapter does on the far side.
 */
const localExec: ExecFn = (_host, command, opts) =>
  new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { timeout: opts.timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ ok: false, message: e.message }));
    child.on('close', (code, sig) =>
      resolve(
        sig !== null
          ? { ok: false, message: `killed by ${sig}`, timedOut: true }
          : { ok: true, exitCode: code ?? -1, stdout, stderr },
      ),
    );
  });

const localStream: StreamExecFn = (_host, command, opts) =>
  new Promise((resolve) => {
    const child = spawn('sh', ['-c', `exec ${command}`]);
    child.stdout.on('data', (d: Buffer) => opts.onStdout(d.toString()));
    opts.signal.addEventListener('abort', () => child.kill('SIGTERM'));
    child.on('close', (code) => resolve({ ok: code === 0, message: `exit ${code}` }));
  });

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('scrape', () => {
  let good: MetricsServer;
  let garbage: MetricsServer;
  let broken: MetricsServer;
  let slow: MetricsServer;
  beforeAll(async () => {
    good = await startMetricsServer(
      '127.0.0.2',
      '# TYPE req_total counter\nreq_total{code="200"} 41\nreq_total{code="500"} 1\n',
    );
    garbage = await startMetricsServer('127.0.0.3', '<html>oops</html>\n');
    broken = await startMetricsServer('127.0.0.4', 'x 1\n');
    broken.setMode({ status: 500 });
    slow = await startMetricsServer('127.0.0.5', 'x 1\n');
    slow.setMode({ delayMs: 5000 });
  });
  afterAll(async () => {
    await Promise.all([good, garbage, broken, slow].map((s) => s.close()));
  });

  it('gives each target data or a typed reason, in input order, with bounded concurrency', async () => {
    const closed = `http://127.0.0.6:${await freePort('127.0.0.6')}/metrics`;
    const targets = [good, garbage, broken, slow].map((s, i) => ({ host: `h${i}`, url: s.url }));
    const results = await scrapeTargets([...targets, { host: 'h4', url: closed }], {
      timeoutMs: 500,
      concurrency: 2,
    });
    expect(results.map((r) => r.target.host)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual([
      'ok',
      'parse',
      'http',
      'timeout',
      'network',
    ]);
    const first = results[0];
    expect(first?.ok && first.samples.map((s) => s.value)).toEqual([41, 1]);
    const parse = results[1];
    expect(parse?.ok === false && parse.error.message).toContain('line 1');
  });
});

describe('probes', () => {
  it('HTTP probe: status and latency; refused is a typed failure', async () => {
    const s = await startMetricsServer('127.0.0.2', 'ok');
    try {
      const ok = await httpProbe(s.url, { timeoutMs: 2000 });
      expect(ok).toMatchObject({ ok: true, status: 200, healthy: true });
      s.setMode({ status: 503 });
      expect(await httpProbe(s.url, { timeoutMs: 2000 })).toMatchObject({
        ok: true,
        status: 503,
        healthy: false,
      });
      expect(await httpProbe(s.url, { timeoutMs: 2000, expectStatus: 503 })).toMatchObject({
        healthy: true,
      });
    } finally {
      await s.close();
    }
    const refused = await httpProbe(`http://127.0.0.1:${await freePort()}/`, { timeoutMs: 2000 });
    expect(refused.ok ? '' : refused.error.kind).toBe('network');
  });

  it('SSH command probe: parses a number, reports exit codes and garbage', async () => {
    expect(
      await sshProbe(localExec, 'h', 'echo "load: 0.42 0.3"', { timeoutMs: 5000 }),
    ).toMatchObject({ ok: true, value: 0.42 });
    expect(
      await sshProbe(localExec, 'h', 'echo "rss=1234 kB"', {
        timeoutMs: 5000,
        pattern: 'rss=(\\d+)',
      }),
    ).toMatchObject({ value: 1234 });
    const exit = await sshProbe(localExec, 'h', 'echo nope >&2; exit 3', { timeoutMs: 5000 });
    expect(exit.ok ? '' : `${exit.error.kind}:${exit.error.message}`).toMatch(
      /^exit:.*exit 3: nope/,
    );
    const parse = await sshProbe(localExec, 'h', 'echo none', { timeoutMs: 5000 });
    expect(parse.ok ? '' : parse.error.kind).toBe('parse');
  });
});

describe('log following', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-logs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('quotes sources so they cannot inject commands', () => {
    expect(followCommand({ kind: 'journal', unit: "web'; rm -rf /" })).toBe(
      "journalctl -f -n 0 -o cat --unit='web'\\''; rm -rf /'",
    );
    expect(followCommand({ kind: 'file', path: '/var/log/app $(id).log' })).toBe(
      "tail -n 0 -F -- '/var/log/app $(id).log'",
    );
  });

  it('follows a real file with tail -F, tallies per ring, signatures and trace ids', async () => {
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'ERROR old line before the follow started\n');
    const f = followLogs({
      rings: { canary: ['h1'] },
      source: { kind: 'file', path: file },
      signal: { errorPatterns: ['ERROR'], traceIdPattern: 'trace_id=(\\w+)' },
      exec: localStream,
      clock: () => 120_000,
    });
    if (!f.ok) {
      throw new Error(f.message);
    }
    try {
      // tail -F prints nothing when it starts; write until it has seen a marker line.
      await until(() => {
        appendFileSync(file, 'INFO ready\n');
        return f.tally('canary').lines > 0;
      }, 'tail picks up appended lines');
      appendFileSync(
        file,
        'ERROR db timeout after 3012ms trace_id=ab12cd user=7\nINFO fine\nERROR db timeout after 12ms tr',
      );
      appendFileSync(file, 'ace_id=ef34aa user=9\n');
      await until(() => f.tally('canary').errorLines === 2, 'two error lines counted');
      const t = f.tally('canary');
      expect(t.perMinute).toEqual({ 120000: 2 });
      expect(Object.values(t.signatures)).toMatchObject([
        {
          signature: 'ERROR db timeout after <n>ms trace_id=<hex> user=<n>',
          count: 2,
          traceIds: ['ab12cd', 'ef34aa'],
        },
      ]);
    } finally {
      await f.stop();
    }
    expect(f.ended()).toEqual({});
  });
});
