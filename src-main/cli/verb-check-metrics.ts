import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseExposition, SCRAPE_ACCEPT } from '../core/telemetry/exposition';
import type { MetricFamily } from '../core/telemetry/prom-text';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';

const usage = `Usage: ringside check-metrics FILE|URL [--openmetrics] [--json]

Reads a metrics exposition as Ringside's scrape source reads it and prints the families and
samples it sees, or the first error as SOURCE:LINE:COLUMN: message (like promtool check
metrics). A URL is fetched as a scrape fetches it, asking for OpenMetrics first, and read by
its Content-Type as Prometheus reads it: OpenMetrics text (Prometheus' OpenMetrics parser)
or the Prometheus text format (the Go parser in prometheus/common/expfmt). A file is read as
the Prometheus text format, or as OpenMetrics with --openmetrics.

  --openmetrics  read FILE as OpenMetrics text (it must end with # EOF)
  --json         {"families":[{"name","type","help","samples":[{"name","labels","value"}]}]},
                 or on an error {"error":{"source","line","column","message"}}

Exit 0 when the exposition parses, 2 on the first error or when it cannot be read.`;

interface Source {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

async function readSource(source: string, fileType: string): Promise<Source | string> {
  if (/^https?:\/\//.test(source)) {
    try {
      const res = await fetch(source, {
        headers: { accept: SCRAPE_ACCEPT },
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) {
        return `HTTP ${res.status} ${res.statusText}`;
      }
      return {
        bytes: new Uint8Array(await res.arrayBuffer()),
        contentType: res.headers.get('content-type') ?? '',
      };
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  try {
    return { bytes: new Uint8Array(await readFile(source)), contentType: fileType };
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
  summary: 'read a metrics exposition as Ringside does; first error with its line and column',
  usage,
  run: async (argv, io: CliIo) => {
    const { values, positionals } = parseVerbArgs('check-metrics', argv, {
      json: { type: 'boolean' },
      openmetrics: { type: 'boolean' },
    });
    const source = positionals[0];
    if (positionals.length !== 1 || source === undefined) {
      throw new UsageError(
        `ringside check-metrics: expected exactly one FILE or URL, got ${positionals.length} (see ringside check-metrics --help)`,
      );
    }
    const path = source;
    const read = await readSource(
      /^https?:\/\//.test(source) ? source : resolve(io.cwd, source),
      values.openmetrics === true ? 'application/openmetrics-text' : 'text/plain',
    );
    if (typeof read === 'string') {
      io.err(`ringside check-metrics: cannot read '${path}': ${read}`);
      return Exit.badInput;
    }
    const r = parseExposition(read.bytes, read.contentType);
    if (!r.ok) {
      const e = r.errors[0] ?? { line: 1, column: 1, message: 'invalid exposition' };
      if (values.json === true) {
        io.out(JSON.stringify({ error: { source: path, ...e } }));
      }
      io.err(`${path}:${e.line}:${e.column}: ${shown(e.message)}`);
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
