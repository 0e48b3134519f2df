import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePromBytes, type MetricFamily } from '../core/telemetry/prom-text';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';

const usage = `Usage: ringside check-metrics FILE|URL [--json]

Reads a Prometheus text exposition (a file, or an http(s) URL fetched with
Accept: text/plain;version=0.0.4) as Ringside's scrape source reads it — the rules of the Go
parser in prometheus/common/expfmt — and prints the families and samples it sees, or the
first error as SOURCE:LINE: message (like promtool check metrics).

  --json    {"families":[{"name","type","help","samples":[{"name","labels","value"}]}]}

Exit 0 when the exposition parses, 2 on the first error or when it cannot be read.`;

async function readSource(source: string): Promise<Uint8Array | string> {
  if (/^https?:\/\//.test(source)) {
    try {
      const res = await fetch(source, {
        headers: { accept: 'text/plain;version=0.0.4' },
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) {
        return `HTTP ${res.status} ${res.statusText}`;
      }
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  try {
    return new Uint8Array(await readFile(source));
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
  }
}

/** A value as the exposition writes it (NaN, +Inf, -Inf). */
function valueText(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}

function shown(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function familyLines(f: MetricFamily): string[] {
  const head = `${f.name} ${f.type} ${f.samples.length} ${f.samples.length === 1 ? 'sample' : 'samples'}${f.help !== undefined ? ` — ${f.help}` : ''}`;
  return [
    shown(head),
    ...f.samples.map((s) => {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',');
      return shown(
        `  ${s.name}${labels ? `{${labels}}` : ''} ${valueText(s.value)}${s.timestampMs !== undefined ? ` ${s.timestampMs}` : ''}`,
      );
    }),
  ];
}

export const checkMetricsVerb: Verb = {
  name: 'check-metrics',
  summary: 'read a Prometheus text exposition as Ringside does; first error with its line',
  usage,
  run: async (argv, io: CliIo) => {
    const { values, positionals } = parseVerbArgs('check-metrics', argv, {
      json: { type: 'boolean' },
    });
    const source = positionals[0];
    if (positionals.length !== 1 || source === undefined) {
      throw new UsageError(
        `ringside check-metrics: expected exactly one FILE or URL, got ${positionals.length} (see ringside check-metrics --help)`,
      );
    }
    const path = source;
    const bytes = await readSource(/^https?:\/\//.test(source) ? source : resolve(io.cwd, source));
    if (typeof bytes === 'string') {
      io.err(`ringside check-metrics: cannot read '${path}': ${bytes}`);
      return Exit.badInput;
    }
    const r = parsePromBytes(bytes);
    if (!r.ok) {
      const e = r.errors[0];
      io.err(`${path}:${e?.line ?? 1}: ${shown(e?.message ?? 'invalid exposition')}`);
      return Exit.badInput;
    }
    if (values.json === true) {
      io.out(
        JSON.stringify({
          families: r.families.map((f) => ({
            name: f.name,
            type: f.type,
            help: f.help ?? null,
            samples: f.samples.map((s) => ({
              name: s.name,
              labels: s.labels,
              value: valueText(s.value),
              ...(s.timestampMs !== undefined ? { timestampMs: s.timestampMs } : {}),
            })),
          })),
        }),
      );
    } else {
      r.families.forEach((f) => familyLines(f).forEach((l) => io.out(l)));
      io.out(`${path}: ${r.families.length} families, ${r.samples.length} samples`);
    }
    return Exit.ok;
  },
};
