/**
 * Prometheus text exposition format 0.0.4, parsed without throwing.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * Like Prometheus itself, a body with any malformed line is rejected as a whole: a half-read
 * scrape would silently turn missing series into "no errors", and the gates must fail closed.
 */

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
const INTEGER = /^-?\d+$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/** Parses a sample value as Prometheus does, including NaN and (+/-)Inf. */
export function parsePromFloat(text: string): number | undefined {
  switch (text.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case '+inf':
    case 'inf':
      return Number.POSITIVE_INFINITY;
    case '-inf':
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
  const errors: PromParseError[] = [];
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
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trim();
    if (trimmed === '') {
      return;
    }
    if (trimmed.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(trimmed);
      if (meta === null) {
        return; // an ordinary comment
      }
      const [, keyword, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) {
        errors.push({ line: lineNo, message: `invalid metric name "${name}" in # ${keyword}` });
        return;
      }
      const family = familyOf(name);
      if (keyword === 'HELP') {
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
      if (family.samples.length > 0) {
        errors.push({ line: lineNo, message: `# TYPE for ${name} after its samples` });
        return;
      }
      family.type = type;
      return;
    }
    const parsed = parseSampleLine(trimmed);
    if (!parsed.ok) {
      errors.push({ line: lineNo, message: parsed.message });
      return;
    }
    samples.push(parsed.sample);
    familyOf(familyNameFor(parsed.sample.name, families)).samples.push(parsed.sample);
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
  if (line[pos] === '{') {
    const parsed = parseLabels(line, pos + 1, labels);
    if (typeof parsed === 'string') {
      return { ok: false, message: `${parsed} in labels of ${name}` };
    }
    pos = parsed;
  }
  const rest = line.slice(pos);
  if (rest !== '' && !/^[ \t]/.test(rest)) {
    return { ok: false, message: `expected whitespace after ${name}, got "${clip(rest)}"` };
  }
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
    pos += labelName.length;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] !== '=' || line[pos + 1] !== '"') {
      return `expected ="..." after label ${labelName} at column ${pos + 1}`;
    }
    pos += 2;
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
