/**
 * Prometheus text exposition format 0.0.4, parsed without throwing, as the Go parser of
 * prometheus/common (expfmt, v0.39) reads it: a blank may separate a name from its `{`,
 * values are Go floats (`Inf`, `Infinity`, `NaN`; no hex or `_`), `__name__` is a reserved
 * label, a second HELP or TYPE is an error, `le`/`quantile` must be floats, label values and
 * HELP must be UTF-8, and the body must end with a newline.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * Like Prometheus itself, a body with any malformed line is rejected as a whole: a half-read
 * scrape would silently turn missing series into "no errors", and the gates must fail closed.
 */
import { utf8SequenceAt } from '../utf8';
import { clip, parsePromFloat, parseSampleLine } from './prom-sample-line';

export { parsePromFloat } from './prom-sample-line';

/**
 * The metric types a `# TYPE` line may declare: the first five in the Prometheus text format,
 * the OpenMetrics ones (and `counter`, `gauge`, `histogram`, `summary`) in OpenMetrics text.
 */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'gaugehistogram'
  | 'info'
  | 'stateset'
  | 'unknown';

/** One sample line: `name{labels} value [timestamp]`. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** May be NaN, +Infinity or -Infinity. */
  readonly value: number;
  /** Milliseconds since the epoch, when the exposition gave one. */
  readonly timestampMs?: number;
}

/** Samples grouped under the family their `# TYPE`/`# HELP` lines name. */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help?: string;
  /** OpenMetrics `# UNIT`, when given. */
  readonly unit?: string;
  readonly samples: readonly PromSample[];
}

/** Where and what: 1-based line and column (in characters) and the expectation that failed. */
export interface PromParseError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Parse outcome; `samples` lists every sample in document order. */
export type PromParseResult =
  | {
      readonly ok: true;
      readonly families: readonly MetricFamily[];
      readonly samples: readonly PromSample[];
    }
  | { readonly ok: false; readonly errors: readonly PromParseError[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const TYPES: readonly MetricType[] = [
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'gaugehistogram',
];

interface MutableFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: PromSample[];
}

/** Parses one exposition body. Never throws; every bad line is reported with its number. */
export function parsePromText(text: string): PromParseResult {
  return parseLines(text, new Set());
}

/**
 * Parses exposition bytes: each line must be UTF-8 where the Go parser reads it (sample lines,
 * HELP and TYPE); an invalid byte in a plain comment is ignored, as it is there.
 */
export function parsePromBytes(bytes: Uint8Array): PromParseResult {
  const invalid = new Set<number>();
  let text = '';
  let start = 0;
  let lineNo = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const decoded = decodeUtf8Line(bytes, start, i);
      if (!decoded.ok) {
        invalid.add(lineNo);
      }
      text += decoded.text + (i < bytes.length ? '\n' : '');
      start = i + 1;
      lineNo++;
    }
  }
  return parseLines(text, invalid);
}

/**
 * UTF-8 of bytes[from, to) (core has no TextDecoder): invalid sequences become U+FFFD so the
 * line keeps its shape, and `ok` says whether there were any.
 */
function decodeUtf8Line(
  bytes: Uint8Array,
  from: number,
  to: number,
): { text: string; ok: boolean } {
  let out = '';
  let ok = true;
  let i = from;
  while (i < to) {
    const seq = utf8SequenceAt(bytes, i, to);
    if (seq === null) {
      ok = false;
      out += '\uFFFD';
      i += 1;
      continue;
    }
    out += String.fromCodePoint(seq.cp);
    i += seq.length;
  }
  return { text: out, ok };
}

function parseLines(text: string, invalidUtf8: ReadonlySet<number>): PromParseResult {
  const errors: PromParseError[] = [];
  const helped = new Set<string>();
  const typed = new Set<string>();
  const families = new Map<string, MutableFamily>();
  const samples: PromSample[] = [];
  const lines = text.split('\n');
  const familyOf = (name: string): MutableFamily => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, type: 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  // The Go parser needs the last line to end with a newline ("unexpected end of input").
  const last = lines[lines.length - 1] ?? '';
  // Any last line, a comment too, that is more than blanks (expfmt's startComment reads to EOF).
  if (last.replace(/[ \t]+/g, '') !== '') {
    errors.push({
      line: lines.length,
      column: last.length + 1,
      message: 'unexpected end of input stream (expected a newline after the last line)',
    });
  }
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    if (errors.length > 0) {
      return;
    }
    // No CR stripping: Go reads `1\r` as the value and refuses it, as Prometheus does.
    const line = rawLine;
    const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '');
    const lead = line.length - line.replace(/^[ \t]+/, '').length;
    const at = (part: string, from = 0) => Math.max(0, line.indexOf(part, from)) + 1;
    if (trimmed === '') {
      return;
    }
    const meta0 = /^#[ \t]*(HELP|TYPE)(?:[ \t]|$)/.exec(trimmed);
    if (invalidUtf8.has(lineNo) && (meta0 !== null || !trimmed.startsWith('#'))) {
      errors.push({
        line: lineNo,
        column: at('\uFFFD'),
        message: 'invalid UTF-8 (expected UTF-8 text)',
      });
      return;
    }
    if (trimmed.startsWith('#')) {
      // `# HELP x` and `# HELP x ` (nothing but blanks after the name) are ignored by the Go
      // parser; the text of a TYPE keeps its trailing blanks (`counter ` is unknown).
      const meta = /^#[ \t]*(HELP|TYPE)(?:[ \t]+([^ \t]*))?([ \t].*)?$/.exec(
        line.replace(/^[ \t]+/, ''),
      );
      if (meta === null) {
        return; // an ordinary comment
      }
      const [, keyword, name = '', after] = meta;
      const rest = (after ?? '').replace(/^[ \t]+/, '');
      const nameCol = at(name, at(keyword ?? ''));
      const restCol = rest === '' ? line.length + 1 : at(rest, nameCol + name.length - 1);
      if (name === '' || (rest === '' && METRIC_NAME.exec(name)?.[0] === name)) {
        return; // `# HELP` alone, or a name with nothing after it: a comment to the Go parser
      }
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) {
        errors.push({
          line: lineNo,
          column: nameCol,
          message: `invalid metric name "${name}" in # ${keyword}`,
        });
        return;
      }
      const family = familyOf(name);
      if (keyword === 'HELP') {
        if (helped.has(name)) {
          errors.push({
            line: lineNo,
            column: nameCol,
            message: `second HELP line for metric name "${name}"`,
          });
          return;
        }
        helped.add(name);
        // expfmt's readTokenUntilNewline: only `\\` and `\n` are escapes in a HELP text.
        const bad = /\\(?:[^\\n]|$)/.exec(rest.replace(/\\[\\n]/g, '  '));
        if (bad !== null) {
          errors.push({
            line: lineNo,
            column: restCol + bad.index,
            message: `invalid escape "${rest.slice(bad.index, bad.index + 2)}" in the HELP of ${name} (expected \\\\ or \\n)`,
          });
          return;
        }
        family.help = rest.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
        return;
      }
      // dto.MetricType_value[strings.ToUpper(text)]: any case, and GAUGE_HISTOGRAM too.
      const type =
        rest.toLowerCase() === 'gauge_histogram'
          ? 'gaugehistogram'
          : (rest.toLowerCase() as MetricType);
      if (!TYPES.includes(type)) {
        errors.push({
          line: lineNo,
          column: restCol,
          message: `unknown metric type "${clip(rest)}" for ${name}; expected one of counter, gauge, histogram, summary, untyped`,
        });
        return;
      }
      if (family.samples.length > 0 || typed.has(name)) {
        errors.push({
          line: lineNo,
          column: nameCol,
          message: `second TYPE line for metric name "${name}", or TYPE reported after samples`,
        });
        return;
      }
      typed.add(name);
      family.type = type;
      return;
    }
    const parsed = parseSampleLine(line.slice(lead));
    if (!parsed.ok) {
      errors.push({ line: lineNo, column: lead + parsed.at + 1, message: parsed.message });
      return;
    }
    const family = familyOf(familyNameFor(parsed.sample.name, families));
    const bound =
      family.type === 'histogram' && parsed.sample.name === `${family.name}_bucket`
        ? 'le'
        : family.type === 'summary' && parsed.sample.name === family.name
          ? 'quantile'
          : undefined;
    const boundText = bound !== undefined ? parsed.sample.labels[bound] : undefined;
    if (bound !== undefined && boundText !== undefined && parsePromFloat(boundText) === undefined) {
      errors.push({
        line: lineNo,
        column: (new RegExp(`[{,][ \t]*${bound}[ \t]*=`).exec(line)?.index ?? 0) + 2,
        message: `expected float as value for '${bound}' label, got "${clip(boundText)}"`,
      });
      return;
    }
    samples.push(parsed.sample);
    family.samples.push(parsed.sample);
  });
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const out: MetricFamily[] = [];
  for (const f of families.values()) {
    out.push(f.help === undefined ? { name: f.name, type: f.type, samples: f.samples } : { ...f });
  }
  return { ok: true, families: out, samples };
}

/** `x_bucket` belongs to histogram `x`, `x_sum`/`x_count` to histogram or summary `x`. */
function familyNameFor(sampleName: string, families: ReadonlyMap<string, MutableFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = families.get(sampleName.slice(0, -suffix.length));
      if (
        base !== undefined &&
        (base.type === 'histogram' || (base.type === 'summary' && suffix !== '_bucket'))
      ) {
        return base.name;
      }
    }
  }
  return sampleName;
}
