/**
 * Test fixture: a real Prometheus (Debian's 2.42) on 127.0.0.1 scraping the given targets,
 * plus a tiny metrics HTTP server whose body the test controls. stop() kills Prometheus and
 * removes its TSDB directory; an exit hook kills any instance a crashed test forgot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrometheusOptions {
  /** `host:port` targets scraped as job "ringside" (label instance = host:port). */
  readonly targets: readonly string[];
  /** Seconds between scrapes (default 1). */
  readonly scrapeInterval?: number;
  readonly address?: string;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly port: number;
  /** Resolves once Prometheus has a sample of `metric` from every target (or rejects after `timeoutMs`). */
  waitForSeries(metric: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) {
    p.kill('SIGKILL');
  }
});

/** A free TCP port on `address` (bind 0, read, close). */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, address, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts Prometheus and waits for /-/ready. */
export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  const address = opts.address ?? '127.0.0.1';
  const interval = opts.scrapeInterval ?? 1;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-prom-'));
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  scrape_timeout: ${Math.max(500, Math.round(interval * 800))}ms`,
    `  evaluation_interval: ${interval}s`,
    'scrape_configs:',
    '  - job_name: ringside',
    '    static_configs:',
    `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort(address);
  const proc = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(proc);
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://${address}:${port}`;
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
      }
    }
    running.delete(proc);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${proc.exitCode}: ${stderr}`);
    }
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (i > 100) {
      await stop();
      throw new Error(`prometheus at ${url} not ready after 10 s: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    async waitForSeries(metric, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const r = await fetch(
            `${url}/api/v1/query?query=${encodeURIComponent(`count(${metric})`)}`,
          );
          const j = (await r.json()) as { data?: { result?: { value?: [number, string] }[] } };
          if (Number(j.data?.result?.[0]?.value?.[1] ?? 0) >= opts.targets.length) {
            return;
          }
        } catch {
          // keep polling
        }
        if (Date.now() > deadline) {
          throw new Error(
            `prometheus at ${url}: no ${metric} from all ${opts.targets.length} targets within ${timeoutMs} ms`,
          );
        }
        await sleep(250);
      }
    },
    stop,
  };
}

export interface MetricsServer {
  readonly address: string;
  readonly port: number;
  /** `address:port`, as Prometheus' instance label has it. */
  readonly instance: string;
  readonly url: string;
  /** Replace what /metrics serves. */
  setBody(body: string): void;
  /** How /metrics responds: normal, a delay before answering, or an HTTP status. */
  setMode(mode: { readonly delayMs?: number; readonly status?: number }): void;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server serving a controllable Prometheus text body at /metrics (any path works).
 * `port` 0 picks a free one; a fixed port lets several loopback addresses share it, as a
 * real fleet's exporters do.
 */
export async function startMetricsServer(
  address = '127.0.0.1',
  body = '',
  port = 0,
): Promise<MetricsServer> {
  let current = body;
  let mode: { delayMs?: number; status?: number } = {};
  const server = http.createServer((req, res) => {
    const answer = (): void => {
      if (mode.status !== undefined) {
        res.writeHead(mode.status, { 'content-type': 'text/plain' }).end(`status ${mode.status}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(current);
    };
    if (mode.delayMs !== undefined) {
      const t = setTimeout(answer, mode.delayMs);
      req.on('close', () => clearTimeout(t));
    } else {
      answer();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    address,
    port: bound,
    instance: `${address}:${bound}`,
    url: `http://${address}:${bound}/metrics`,
    setBody(b) {
      current = b;
    },
    setMode(m) {
      mode = { ...m };
    },
    close() {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
