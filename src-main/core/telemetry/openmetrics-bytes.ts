/** Vocabulary and byte-level helpers of the OpenMetrics parser (core has no TextDecoder). */
import { utf8SequenceAt } from '../utf8';
import type { MetricType } from './prom-text';

/** The types a `# TYPE` line may declare in OpenMetrics. */
export const OM_TYPES: readonly MetricType[] = [
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
];

/** The sample-name suffixes each OpenMetrics type adds to its family name. */
export const SUFFIXES: Readonly<Partial<Record<MetricType, readonly string[]>>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['_count', '_sum', '_created'],
  info: ['_info'],
};

/** `[a-zA-Z_:]`, `[a-zA-Z0-9_:]`, and the same without `:` for label names. */
export const isNameStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
export const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39);
export const isLabelStart = (c: number) => isNameStart(c) && c !== 0x3a;
export const isLabelChar = (c: number) => isNameChar(c) && c !== 0x3a;

/** 1-based line and code-point column of byte offset `at`. */
export function lineColumn(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at && k < b.length; k++) {
    if (b[k] === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  let column = 1;
  for (let k = lineStart; k < at && k < b.length; k++) {
    if (((b[k] ?? 0) & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}

/** Bytes [at, at+n) as Latin-1 text: only ever compared with ASCII or shown clipped. */
export function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let k = at; k < at + n && k < b.length; k++) {
    s += String.fromCharCode(b[k] ?? 0);
  }
  return s;
}

/** UTF-8 text of bytes [from, to), or the offset of the first invalid sequence. */
export function utf8Text(b: Uint8Array, from: number, to: number): string | number {
  let s = '';
  for (let k = from; k < to;) {
    const seq = utf8SequenceAt(b, k, to);
    if (seq === null) {
      return k;
    }
    s += String.fromCodePoint(seq.cp);
    k += seq.length;
  }
  return s;
}

/** The byte at `at` as a person reads it in a message. */
export function shownByte(b: Uint8Array, at: number): string {
  const c = b[at];
  if (c === undefined) {
    return 'the end of the body';
  }
  if (c === 0x0a) {
    return 'the end of the line';
  }
  return c >= 0x21 && c < 0x7f
    ? `"${String.fromCharCode(c)}"`
    : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** OpenMetrics escapes (`\"`, `\\`, `\n`); any other backslash stays, as in Prometheus. */
export function unescapeOm(s: string): string {
  return s.includes('\\') ? s.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c)) : s;
}

/** At most 60 characters of `s`, for messages. */
export function clipOm(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
