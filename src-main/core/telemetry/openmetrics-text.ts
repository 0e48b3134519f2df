/**
 * OpenMetrics text 1.0 (`application/openmetrics-text`), parsed without throwing, as
 * Prometheus' own parser reads it (model/textparse/openmetricsparse.go): the body ends with
 * `# EOF` and nothing after it; comments are only `# HELP`, `# TYPE`, `# UNIT` with exactly one
 * blank after `#`; no blank lines, no leading blanks, no blank inside `{...}`; exactly one blank
 * before the value and before a timestamp; timestamps are seconds (a float, not NaN or Inf);
 * an exemplar (`# {trace_id="x"} 1.0 123`) after a sample is checked and then ignored; metric
 * and label names may be quoted (`{"my.metric",a="b"}`).
 * https://prometheus.io/docs/specs/om/open_metrics_spec/
 *
 * Where Ringside is stricter than that parser, it refuses (never guesses): a repeated label
 * name, `__name__` written as a label, and a quoted name that is not UTF-8 — Prometheus would
 * refuse those series when it stores them.
 */
import {
  ascii,
  clipOm as clip,
  isLabelChar,
  isLabelStart,
  isNameChar,
  isNameStart,
  lineColumn,
  OM_TYPES,
  shownByte,
  SUFFIXES,
  unescapeOm as unescape,
  utf8Text,
} from './openmetrics-bytes';
import {
  parsePromFloat,
  type MetricFamily,
  type MetricType,
  type PromParseError,
  type PromParseResult,
  type PromSample,
} from './prom-text';

class OmError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

interface Family {
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
  samples: PromSample[];
}

/** Parses one OpenMetrics body; the first error is reported with its line and column. */
export function parseOpenMetricsBytes(bytes: Uint8Array): PromParseResult {
  const p = new OmParser(bytes);
  try {
    p.parse();
  } catch (e) {
    if (e instanceof OmError) {
      return { ok: false, errors: [p.where(e.at, e.message)] };
    }
    throw e;
  }
  const families: MetricFamily[] = [...p.families.values()].map((f) => ({
    name: f.name,
    type: f.type,
    ...(f.help !== undefined ? { help: f.help } : {}),
    ...(f.unit !== undefined ? { unit: f.unit } : {}),
    samples: f.samples,
  }));
  return { ok: true, families, samples: p.samples };
}

class OmParser {
  readonly families = new Map<string, Family>();
  readonly samples: PromSample[] = [];
  private i = 0;
  /** The family the last `# TYPE` line declared: OpenMetrics groups a family's lines. */
  private current: Family | undefined;

  constructor(private readonly b: Uint8Array) {}

  where(at: number, message: string): PromParseError {
    return { ...lineColumn(this.b, at), message };
  }

  parse(): void {
    for (;;) {
      const c = this.b[this.i];
      if (c === undefined) {
        throw new OmError(
          this.i,
          'the body does not end with "# EOF" (expected it as the last line)',
        );
      }
      if (c === 0x23) {
        if (this.comment()) {
          return;
        }
      } else if (c === 0x7b || isNameStart(c)) {
        this.sample();
      } else {
        throw new OmError(
          this.i,
          c === 0x0a
            ? 'empty line (OpenMetrics allows none; expected a sample, # HELP, # TYPE, # UNIT or # EOF)'
            : `expected a metric name, "{" or "#" at the start of the line, got ${shownByte(this.b, this.i)}`,
        );
      }
    }
  }

  /** `# HELP|TYPE|UNIT name text` or `# EOF`; returns true at `# EOF`. */
  private comment(): boolean {
    const start = this.i;
    if (this.b[this.i + 1] !== 0x20) {
      throw new OmError(start, 'expected exactly one blank after "#"');
    }
    this.i += 2;
    const word = ascii(this.b, this.i, 4);
    if (word.startsWith('EOF')) {
      this.i += 3;
      if (this.b[this.i] === 0x0a) {
        this.i++;
      }
      if (this.i < this.b.length) {
        throw new OmError(this.i, 'unexpected data after "# EOF" (expected the end of the body)');
      }
      return true;
    }
    if (!['HELP ', 'TYPE ', 'UNIT '].includes(ascii(this.b, this.i, 5))) {
      throw new OmError(
        start,
        'expected "# HELP", "# TYPE", "# UNIT" or "# EOF" (OpenMetrics has no other comments)',
      );
    }
    const keyword = word;
    this.i += 5;
    const nameAt = this.i;
    const name = this.b[this.i] === 0x22 ? this.quoted('metric name') : this.bareName(isNameChar);
    if (name === undefined) {
      throw new OmError(nameAt, `expected a metric name after # ${keyword}`);
    }
    if (this.b[this.i] !== 0x20) {
      throw new OmError(this.i, `expected a blank and text after # ${keyword} ${name}`);
    }
    const textAt = this.i + 1;
    let end = textAt;
    while (end < this.b.length && this.b[end] !== 0x0a) {
      end++;
    }
    if (end >= this.b.length) {
      throw new OmError(end, `expected a newline after # ${keyword} ${name}`);
    }
    const text = this.textOf(textAt, end, `${keyword} text`);
    this.i = end + 1;
    const family = this.family(name);
    if (keyword === 'TYPE') {
      if (!OM_TYPES.includes(text as MetricType)) {
        throw new OmError(
          textAt,
          `unknown metric type "${clip(text)}" for ${name}; expected one of ${OM_TYPES.join(', ')}`,
        );
      }
      family.type = text as MetricType;
      this.current = family;
    } else if (keyword === 'HELP') {
      family.help = unescape(text);
    } else {
      if (text !== '' && !name.endsWith(`_${text}`)) {
        throw new OmError(
          textAt,
          `unit "${clip(text)}" is not a suffix of the metric name ${name}`,
        );
      }
      family.unit = text;
    }
    return false;
  }

  /** `name{labels} value [timestamp] [# {exemplar labels} value [timestamp]]` and a newline. */
  private sample(): void {
    const lineAt = this.i;
    let name: string | undefined = this.b[this.i] === 0x7b ? undefined : this.bareName(isNameChar);
    const labels: Record<string, string> = {};
    if (this.b[this.i] === 0x7b) {
      const quotedName = this.labels(labels, name !== undefined);
      name = name ?? quotedName;
    }
    if (name === undefined) {
      throw new OmError(lineAt, 'no metric name (expected one before "{" or quoted inside it)');
    }
    const value = this.number('the value', name);
    let timestampMs: number | undefined;
    if (this.b[this.i] === 0x20 && this.b[this.i + 1] !== 0x23) {
      const tsAt = this.i + 1;
      const ts = this.number('the timestamp', name);
      if (!Number.isFinite(ts)) {
        throw new OmError(tsAt, `invalid timestamp for ${name} (expected finite seconds)`);
      }
      timestampMs = Math.trunc(ts * 1000);
    }
    if (ascii(this.b, this.i, 4) === ' # {') {
      this.exemplar(name);
    }
    this.endOfLine(name);
    const sample: PromSample =
      timestampMs === undefined ? { name, labels, value } : { name, labels, value, timestampMs };
    this.samples.push(sample);
    this.familyFor(name).samples.push(sample);
  }

  /** ` # {labels} value [timestamp]`: checked as Prometheus checks it, then dropped. */
  private exemplar(name: string): void {
    this.i += 3;
    const labels: Record<string, string> = {};
    this.labels(labels, true, true);
    this.number('the exemplar value', name);
    if (this.b[this.i] === 0x20) {
      const ts = this.number('the exemplar timestamp', name);
      if (!Number.isFinite(ts)) {
        throw new OmError(
          this.i - 1,
          `invalid exemplar timestamp for ${name} (expected finite seconds)`,
        );
      }
    }
  }

  private endOfLine(name: string): void {
    const c = this.b[this.i];
    if (c === 0x0a) {
      this.i++;
      return;
    }
    throw new OmError(
      this.i,
      c === undefined
        ? 'the body does not end with "# EOF" (expected it as the last line)'
        : `expected the end of the line after the sample ${name}, got ${shownByte(this.b, this.i)}`,
    );
  }

  /** A blank and a float token (Go's strconv.ParseFloat, no `_`, no hex). */
  private number(what: string, name: string): number {
    if (this.b[this.i] !== 0x20) {
      throw new OmError(
        this.i,
        `expected one blank and ${what} of ${name}, got ${shownByte(this.b, this.i)}`,
      );
    }
    const at = this.i + 1;
    let end = at;
    while (end < this.b.length && this.b[end] !== 0x20 && this.b[end] !== 0x0a) {
      end++;
    }
    if (end === at) {
      throw new OmError(at, `expected ${what} of ${name}, got ${shownByte(this.b, at)}`);
    }
    const text = ascii(this.b, at, end - at);
    const v = parsePromFloat(text);
    if (v === undefined) {
      throw new OmError(at, `expected a number as ${what} of ${name}, got "${clip(text)}"`);
    }
    this.i = end;
    return v;
  }

  /**
   * `{a="x",b="y"}` from `{`; a quoted entry without `=` is the metric name (refused when
   * the name was already written, and in an exemplar). Returns that quoted name, if any.
   */
  private labels(
    into: Record<string, string>,
    named: boolean,
    exemplar = false,
  ): string | undefined {
    this.i++;
    let quotedName: string | undefined;
    for (;;) {
      const at = this.i;
      if (this.b[this.i] === 0x7d) {
        this.i++;
        return quotedName;
      }
      const quoted = this.b[this.i] === 0x22;
      const label = quoted ? this.quoted('label name') : this.bareName(isLabelChar, isLabelStart);
      if (label === undefined) {
        throw new OmError(at, `expected a label name or "}", got ${shownByte(this.b, at)}`);
      }
      if (quoted && (this.b[this.i] === 0x2c || this.b[this.i] === 0x7d)) {
        if (named || quotedName !== undefined) {
          throw new OmError(at, 'a second metric name inside "{...}" (expected label="value")');
        }
        quotedName = label;
      } else {
        if (this.b[this.i] !== 0x3d) {
          throw new OmError(
            this.i,
            `expected "=" after the label name ${label}, got ${shownByte(this.b, this.i)}`,
          );
        }
        this.i++;
        if (this.b[this.i] !== 0x22) {
          throw new OmError(
            this.i,
            `expected '"' to open the value of label ${label}, got ${shownByte(this.b, this.i)}`,
          );
        }
        const value = this.quoted(`value of label ${label}`, !exemplar);
        if (label === '__name__') {
          throw new OmError(
            at,
            'label name "__name__" is reserved (write the metric name instead)',
          );
        }
        if (Object.prototype.hasOwnProperty.call(into, label)) {
          throw new OmError(at, `duplicate label ${label}`);
        }
        into[label] = value;
      }
      if (this.b[this.i] === 0x2c) {
        this.i++;
      } else if (this.b[this.i] !== 0x7d) {
        throw new OmError(
          this.i,
          `expected "," or "}" after label ${label}, got ${shownByte(this.b, this.i)}`,
        );
      }
    }
  }

  /** `"..."` with `\"`, `\\`, `\n` escapes (any other `\x` kept as written, as Go does). */
  private quoted(what: string, nul = false): string {
    const at = this.i;
    let k = this.i + 1;
    while (k < this.b.length && this.b[k] !== 0x22 && this.b[k] !== 0x0a) {
      if (this.b[k] === 0 && !nul) {
        // Prometheus' lexer takes NUL only in a sample's label values and in HELP text.
        throw new OmError(k, `a NUL byte in the ${what} (allowed only in a sample's label values)`);
      }
      k += this.b[k] === 0x5c && this.b[k + 1] !== 0x0a ? 2 : 1;
    }
    if (this.b[k] !== 0x22) {
      throw new OmError(at, `unterminated ${what} (expected a closing '"' on the same line)`);
    }
    const text = this.textOf(at + 1, k, what);
    this.i = k + 1;
    return unescape(text);
  }

  private bareName(
    isChar: (c: number) => boolean,
    isStart: (c: number) => boolean = isNameStart,
  ): string | undefined {
    const at = this.i;
    if (!isStart(this.b[at] ?? 0)) {
      return undefined;
    }
    let k = at + 1;
    while (k < this.b.length && isChar(this.b[k] ?? 0)) {
      k++;
    }
    this.i = k;
    return ascii(this.b, at, k - at);
  }

  private textOf(from: number, to: number, what: string): string {
    const text = utf8Text(this.b, from, to);
    if (typeof text === 'number') {
      throw new OmError(text, `invalid UTF-8 in the ${what} (expected UTF-8 text)`);
    }
    return text;
  }

  private family(name: string): Family {
    let f = this.families.get(name);
    if (f === undefined) {
      f = { name, type: 'unknown', samples: [] };
      this.families.set(name, f);
    }
    return f;
  }

  /** The declared family a sample name belongs to (`x_total` to counter `x`), else its own. */
  private familyFor(sample: string): Family {
    const cur = this.current;
    if (cur !== undefined) {
      if (sample === cur.name && !['counter', 'histogram', 'gaugehistogram'].includes(cur.type)) {
        return cur;
      }
      if ((SUFFIXES[cur.type] ?? []).some((s) => sample === cur.name + s)) {
        return cur;
      }
    }
    return this.family(sample);
  }
}
