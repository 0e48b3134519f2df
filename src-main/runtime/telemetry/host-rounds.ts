/**
 * One collection round per telemetry source: per-host Prometheus samples, whatever the
 * source (a direct scrape, raw series read back from Prometheus, an SSH or HTTP probe whose
 * number becomes a sample). Every failure is kept per host as a sentence: unknown, not zero.
 */
import type { PromSample } from '../../core/telemetry/prom-text';
import { promRegexLiteral } from '../../core/telemetry/query-template';
import { mapBounded } from '../../adapters/telemetry/http-text';
import { httpProbe, sshProbe, type ExecFn } from '../../adapters/telemetry/probes';
import type { PrometheusClient } from '../../adapters/telemetry/prometheus';
import { scrapeTargets } from '../../adapters/telemetry/scrape';

/** What one round brought. */
export interface Round {
  readonly atMs: number;
  readonly samples: Map<string, readonly PromSample[]>;
  /** host -> why it has no data this round. */
  readonly errors: Map<string, string>;
}

/** Collects one round for the given hosts (names). */
export type RoundFetcher = (hosts: readonly string[]) => Promise<Round>;

/** Direct scrape of each host's metrics URL, `concurrency` at a time. */
export function scrapeFetcher(
  urlOf: (host: string) => string | undefined,
  opts: { timeoutMs: number; concurrency: number; clock: () => number },
): RoundFetcher {
  return async (hosts) => {
    const atMs = opts.clock();
    const errors = new Map<string, string>();
    const targets = hosts.flatMap((host) => {
      const url = urlOf(host);
      if (url === undefined) {
        errors.set(host, `${host}: no metrics address known`);
        return [];
      }
      return [{ host, url }];
    });
    const results = await scrapeTargets(targets, {
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      clock: opts.clock,
    });
    const samples = new Map<string, readonly PromSample[]>();
    for (const r of results) {
      if (r.ok) {
        samples.set(r.target.host, r.samples);
      } else {
        errors.set(r.target.host, r.error.message);
      }
    }
    return { atMs, samples, errors };
  };
}

/**
 * Raw series read back from Prometheus in one instant query per round
 * (`{__name__=~"a|b", instance=~"h1:p|h2:p"}`), grouped by `instance` into per-host
 * samples, so the same counter arithmetic serves both sources. A host whose target
 * Prometheus could not scrape has no series (staleness markers) and so no data.
 */
export function prometheusRawFetcher(
  client: PrometheusClient,
  names: readonly string[],
  instanceOf: (host: string) => string | undefined,
  clock: () => number,
): RoundFetcher {
  return async (hosts) => {
    const atMs = clock();
    const errors = new Map<string, string>();
    const byInstance = new Map<string, string>();
    for (const h of hosts) {
      const inst = instanceOf(h);
      if (inst === undefined) {
        errors.set(h, `${h}: no Prometheus instance known`);
      } else {
        byInstance.set(inst, h);
      }
    }
    const samples = new Map<string, readonly PromSample[]>();
    if (byInstance.size === 0 || names.length === 0) {
      return { atMs, samples, errors };
    }
    const query = `{__name__=~"${names.map(promRegexLiteral).join('|')}",instance=~"${[...byInstance.keys()].map(promRegexLiteral).join('|')}"}`;
    const r = await client.query(query);
    if (!r.ok) {
      const why = `Prometheus: ${r.error.message}`;
      for (const h of byInstance.values()) {
        errors.set(h, why);
      }
      return { atMs, samples, errors };
    }
    const grouped = new Map<string, PromSample[]>();
    for (const s of r.samples) {
      const host = byInstance.get(s.labels['instance'] ?? '');
      if (host === undefined) {
        continue;
      }
      const { __name__: name = '', instance: _i, job: _j, ...labels } = s.labels;
      const list = grouped.get(host) ?? [];
      list.push({ name, labels, value: s.v });
      grouped.set(host, list);
    }
    for (const h of byInstance.values()) {
      const list = grouped.get(h);
      if (list === undefined) {
        errors.set(h, `Prometheus has no current series for ${h}`);
      } else {
        samples.set(h, list);
      }
    }
    return { atMs, samples, errors };
  };
}

/** An SSH command probe on each host: its number becomes the sample `probe_value`. */
export function sshProbeFetcher(
  exec: ExecFn,
  commandFor: (host: string) => { ok: true; command: string } | { ok: false; message: string },
  opts: { timeoutMs: number; concurrency: number; clock: () => number },
): RoundFetcher {
  return async (hosts) => {
    const atMs = opts.clock();
    const samples = new Map<string, readonly PromSample[]>();
    const errors = new Map<string, string>();
    const rendered = hosts.map((h) => ({ h, c: commandFor(h) }));
    for (const { h, c } of rendered) {
      if (!c.ok) {
        errors.set(h, c.message);
      }
    }
    const runnable = rendered.flatMap(({ h, c }) => (c.ok ? [{ h, command: c.command }] : []));
    const results = await mapBounded(runnable, opts.concurrency, ({ h, command }) =>
      sshProbe(exec, h, command, { timeoutMs: opts.timeoutMs, clock: opts.clock }),
    );
    for (const r of results) {
      if (r.ok) {
        samples.set(r.host, [{ name: 'probe_value', labels: {}, value: r.value }]);
      } else {
        errors.set(r.host, r.error.message);
      }
    }
    return { atMs, samples, errors };
  };
}

/**
 * An HTTP probe of one shared URL (platform health). Its samples, like blackbox_exporter's
 * (`probe_success`, `probe_duration_seconds`, `probe_http_status_code`), are given to every
 * asked host, so any scope sees the same infrastructure. A failed connection is
 * `probe_success 0`: the probe measured an outage, it did not lack data.
 */
export function httpProbeFetcher(
  url: string,
  opts: { timeoutMs: number; expectStatus?: number; clock: () => number },
): RoundFetcher {
  return async (hosts) => {
    const r = await httpProbe(url, {
      timeoutMs: opts.timeoutMs,
      clock: opts.clock,
      ...(opts.expectStatus !== undefined ? { expectStatus: opts.expectStatus } : {}),
    });
    const list: PromSample[] = [
      { name: 'probe_success', labels: {}, value: r.ok && r.healthy ? 1 : 0 },
      { name: 'probe_duration_seconds', labels: {}, value: r.latencyMs / 1000 },
    ];
    if (r.ok) {
      list.push({ name: 'probe_http_status_code', labels: {}, value: r.status });
    }
    return {
      atMs: r.atMs,
      samples: new Map(hosts.map((h) => [h, list])),
      errors: r.ok ? new Map() : new Map(hosts.map((h) => [h, r.error.message])),
    };
  };
}
