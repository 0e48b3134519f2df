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

/** The metric types a `# TYPE` line may declare. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

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
  readonly samples: readonly PromSample[];
}

/** Where and what: 1-based line number and the expectation that failed. */
export interface PromParseError {
  readonly line: number;
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
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const INTEGER = /^[+-]?\d+$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/** Parses a sample value as Prometheus does, including NaN and (+/-)Inf. */
export function parsePromFloat(text: string): number | undefined {
  // strconv.ParseFloat's special values: NaN unsigned only, Inf/Infinity with any sign.
  switch (text.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case '+inf':
    case 'inf':
    case '+infinity':
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return FLOAT.test(text) ? Number(text) : undefined;
  }
}

interface MutableFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: PromSample[];
}

type LineResult = { ok: true; sample: PromSample } | { ok: false; message: string };

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
  if (last.trim() !== '' && !last.trimStart().startsWith('#')) {
    errors.push({
      line: lines.length,
      message: 'unexpected end of input stream (expected a newline after the last line)',
    });
  }
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    if (errors.length > 0) {
      return;
    }
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '');
    if (trimmed === '') {
      return;
    }
    const meta0 = /^#[ \t]*(HELP|TYPE)(?:[ \t]|$)/.exec(trimmed);
    if (invalidUtf8.has(lineNo) && (meta0 !== null || !trimmed.startsWith('#'))) {
      errors.push({ line: lineNo, message: 'invalid UTF-8 (expected UTF-8 text)' });
      return;
    }
    if (trimmed.startsWith('#')) {
      // Trailing blanks matter here: `# HELP x` (nothing after the name) is ignored by the Go
      // parser, `# HELP x ` sets an empty help text.
      const meta = /^#[ \t]*(HELP|TYPE)(?:[ \t]+([^ \t]*))?([ \t].*)?$/.exec(
        line.replace(/^[ \t]+/, ''),
      );
      if (meta === null) {
        return; // an ordinary comment
      }
      const [, keyword, name = '', after] = meta;
      const rest = (after ?? '').replace(/^[ \t]+/, '');
      if (name === '' || (after === undefined && METRIC_NAME.exec(name)?.[0] === name)) {
        return; // `# HELP` alone, or a name with nothing after it: a comment to the Go parser
      }
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) {
        errors.push({ line: lineNo, message: `invalid metric name "${name}" in # ${keyword}` });
        return;
      }
      const family = familyOf(name);
      if (keyword === 'HELP') {
        if (helped.has(name)) {
          errors.push({ line: lineNo, message: `second HELP line for metric name "${name}"` });
          return;
        }
        helped.add(name);
        family.help = rest.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
        return;
      }
      const type = rest.trim() as MetricType;
      if (!TYPES.includes(type)) {
        errors.push({
          line: lineNo,
          message: `unknown metric type "${rest.trim()}" for ${name}; expected one of ${TYPES.join(', ')}`,
        });
        return;
      }
      if (family.samples.length > 0 || typed.has(name)) {
        errors.push({
          line: lineNo,
          message: `second TYPE line for metric name "${name}", or TYPE reported after samples`,
        });
        return;
      }
      typed.add(name);
      family.type = type;
      return;
    }
    const parsed = parseSampleLine(trimmed);
    if (!parsed.ok) {
      errors.push({ line: lineNo, message: parsed.message });
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

function parseSampleLine(line: string): LineResult {
  const nameMatch = METRIC_NAME.exec(line);
  if (nameMatch === null) {
    return { ok: false, message: `expected a metric name at the start of "${clip(line)}"` };
  }
  const name = nameMatch[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  // The Go parser skips blanks between the name and its labels: `foo {a="b"} 1` is valid.
  let look = pos;
  while (line[look] === ' ' || line[look] === '\t') {
    look++;
  }
  if (line[look] === '{') {
    pos = look;
  }
  if (line[pos] === '{') {
    const parsed = parseLabels(line, pos + 1, labels);
    if (typeof parsed === 'string') {
      return { ok: false, message: `${parsed} in labels of ${name}` };
    }
    pos = parsed;
  }
  // No blank is needed before the value: `x{a="b"}-Inf` and even `x-1` parse in Go.
  const rest = line.slice(pos);
  const fields = rest.trim().split(/[ \t]+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') {
    return {
      ok: false,
      message: `expected "value [timestamp]" after ${name}, got "${clip(rest.trim())}"`,
    };
  }
  const value = parsePromFloat(fields[0] ?? '');
  if (value === undefined) {
    return { ok: false, message: `expected a number for ${name}, got "${clip(fields[0] ?? '')}"` };
  }
  const ts = fields[1];
  if (ts !== undefined) {
    if (!INTEGER.test(ts)) {
      return {
        ok: false,
        message: `expected an integer timestamp (ms) for ${name}, got "${clip(ts)}"`,
      };
    }
    return { ok: true, sample: { name, labels, value, timestampMs: Number(ts) } };
  }
  return { ok: true, sample: { name, labels, value } };
}

/** Reads `a="x",b="y"}` from `start`; returns the index after `}` or an error message. */
function parseLabels(line: string, start: number, into: Record<string, string>): number | string {
  let pos = start;
  for (;;) {
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] === '}') {
      return pos + 1;
    }
    const nameMatch = LABEL_NAME.exec(line.slice(pos));
    if (nameMatch === null) {
      return `expected a label name at column ${pos + 1}`;
    }
    const labelName = nameMatch[0];
    if (labelName === '__name__') {
      return 'label name "__name__" is reserved';
    }
    pos += labelName.length;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] !== '=') {
      return `expected '=' after label name ${labelName} at column ${pos + 1}`;
    }
    pos++;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] !== '"') {
      return `expected '"' at start of the value of label ${labelName} at column ${pos + 1}`;
    }
    pos++;
    let value = '';
    for (;;) {
      const c = line[pos];
      if (c === undefined) {
        return `unterminated value of label ${labelName}`;
      }
      if (c === '"') {
        pos++;
        break;
      }
      if (c === '\\') {
        const next = line[pos + 1];
        if (next === '\\' || next === '"') {
          value += next;
        } else if (next === 'n') {
          value += '\n';
        } else {
          return `invalid escape "\\${next ?? ''}" in label ${labelName} (expected \\\\, \\" or \\n)`;
        }
        pos += 2;
        continue;
      }
      value += c;
      pos++;
    }
    if (Object.prototype.hasOwnProperty.call(into, labelName)) {
      return `duplicate label ${labelName}`;
    }
    into[labelName] = value;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] === ',') {
      pos++;
      continue;
    }
    if (line[pos] === '}') {
      return pos + 1;
    }
    return `expected "," or "}" at column ${pos + 1}`;
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
