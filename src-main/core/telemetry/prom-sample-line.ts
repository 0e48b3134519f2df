/**
 * One sample line of the Prometheus text format (`name{labels} value [timestamp]`) and its
 * values, as the Go parser of prometheus/common (expfmt) reads them; errors carry the column.
 */
import type { PromSample } from './prom-text';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const INTEGER = /^[+-]?\d+$/;

/** A parsed line, or what was expected and the 0-based index in the line where it failed. */
export type LineResult =
  { ok: true; sample: PromSample } | { ok: false; message: string; at: number };

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
      if (!FLOAT.test(text)) {
        return undefined;
      }
      // strconv.ParseFloat refuses what overflows a float64 (ErrRange): `1e400` is an error.
      return Number.isFinite(Number(text)) ? Number(text) : undefined;
  }
}

/** Parses one sample line (already trimmed of leading blanks). Never throws. */
export function parseSampleLine(line: string): LineResult {
  const nameMatch = METRIC_NAME.exec(line);
  if (nameMatch === null) {
    return { ok: false, at: 0, message: `expected a metric name at the start of "${clip(line)}"` };
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
    if (typeof parsed !== 'number') {
      return { ok: false, at: parsed.at, message: `${parsed.message} in labels of ${name}` };
    }
    pos = parsed;
  }
  // No blank is needed before the value: `x{a="b"}-Inf` and even `x-1` parse in Go. After the
  // value a blank must start a timestamp, and nothing may follow one (expfmt readingValue).
  const token = (from: number) => {
    let end = from;
    while (end < line.length && line[end] !== ' ' && line[end] !== '\t') {
      end++;
    }
    return { text: line.slice(from, end), at: from, end };
  };
  const skip = (from: number) => {
    let k = from;
    while (line[k] === ' ' || line[k] === '\t') {
      k++;
    }
    return k;
  };
  const value = token(skip(pos));
  if (value.text === '') {
    return { ok: false, at: value.at, message: `expected a value after ${name}, got nothing` };
  }
  const v = parsePromFloat(value.text);
  if (v === undefined) {
    return {
      ok: false,
      at: value.at,
      message: `expected a number for ${name}, got "${clip(value.text)}"`,
    };
  }
  if (value.end < line.length) {
    const ts = token(skip(value.end));
    if (!INTEGER.test(ts.text) || !inInt64(ts.text)) {
      return {
        ok: false,
        at: ts.at,
        message: `expected an integer timestamp (ms) for ${name}, got "${clip(ts.text)}"`,
      };
    }
    if (ts.end < line.length) {
      return {
        ok: false,
        at: ts.end,
        message: `expected the end of the line after the timestamp of ${name}, got "${clip(line.slice(ts.end))}"`,
      };
    }
    return { ok: true, sample: { name, labels, value: v, timestampMs: Number(ts.text) } };
  }
  return { ok: true, sample: { name, labels, value: v } };
}

type LabelError = { readonly at: number; readonly message: string };

/** Reads `a="x",b="y"}` from `start`; returns the index after `}` or where and what failed. */
function parseLabels(
  line: string,
  start: number,
  into: Record<string, string>,
): number | LabelError {
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
      return { at: pos, message: 'expected a label name' };
    }
    const labelName = nameMatch[0];
    const nameAt = pos;
    if (labelName === '__name__') {
      return { at: nameAt, message: 'label name "__name__" is reserved' };
    }
    pos += labelName.length;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] !== '=') {
      return { at: pos, message: `expected '=' after label name ${labelName}` };
    }
    pos++;
    while (line[pos] === ' ' || line[pos] === '\t') {
      pos++;
    }
    if (line[pos] !== '"') {
      return { at: pos, message: `expected '"' at start of the value of label ${labelName}` };
    }
    const valueAt = pos;
    pos++;
    let value = '';
    for (;;) {
      const c = line[pos];
      if (c === undefined) {
        return { at: valueAt, message: `unterminated value of label ${labelName}` };
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
          return {
            at: pos,
            message: `invalid escape "\\${next ?? ''}" in label ${labelName} (expected \\\\, \\" or \\n)`,
          };
        }
        pos += 2;
        continue;
      }
      value += c;
      pos++;
    }
    if (Object.prototype.hasOwnProperty.call(into, labelName)) {
      return { at: nameAt, message: `duplicate label ${labelName}` };
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
    return { at: pos, message: `expected "," or "}"` };
  }
}

/** strconv.ParseInt(s, 10, 64) refuses what does not fit an int64. */
function inInt64(s: string): boolean {
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** At most 60 characters of `s`, for messages. */
export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
