/**
 * fast-check generator of Prometheus text expositions for differential tests: mostly valid,
 * with rare, subtle breakage in each part (label escapes, duplicate or reserved labels,
 * HELP/TYPE order and repeats, NaN/Inf spellings, timestamps, histogram `le`, invalid UTF-8,
 * blanks, CRLF, a missing final newline). Bytes, so invalid UTF-8 survives.
 */
import fc from 'fast-check';

const BAD_UTF8 = [Uint8Array.of(0xff), Uint8Array.of(0xc3, 0x28), Uint8Array.of(0xed, 0xa0, 0x80)];
type Piece = string | Uint8Array;

/** Usually one of `common`, sometimes one of `rare`. */
function pick<T>(common: readonly T[], rare: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...common), weight: 40 },
    { arbitrary: fc.constantFrom(...rare), weight: 1 },
  );
}

const labelName = pick(['a', 'b', 'path', '_x', 'code'], ['__name__', '1x', 'a-b', '']);
const valueFragment = pick<Piece>(
  ['x', '1', '/api', ' ', 'é', '\\"', '\\\\', '\\n', '{}', ',', '='],
  ['\\t', '\\', '"', '\n', '\u0000', '#', ...BAD_UTF8],
);
const labelValue = fc.array(valueFragment, { maxLength: 3 });
const sampleValue = pick(
  [
    '1',
    '0',
    '-3e3',
    '.5',
    '5.',
    '1.5e-3',
    '42',
    'NaN',
    '+Inf',
    '-Inf',
    'Inf',
    'Infinity',
    '-infinity',
    'nan',
    '+inf',
  ],
  ['+nan', '-NaN', '1e400', '-1e309', '0x1p-3', '0x10', '1_0', '', '1e', '--1', 'true', '1.2.3'],
);
const timestamp = pick(
  ['', '', '', '', '123', '-5', '1700000000000'],
  ['1.5', '1e3', 'x', '9223372036854775807', '9223372036854775808', '+7', 'NaN'],
);
const leValue = pick(
  ['0.1', '+Inf', '1e3', '1', 'Inf', '0'],
  ['bla', '', 'NaN', '1e400', '0x1p-3'],
);
const blank = pick([' '], ['\t', '  ', ' \t']);
const optBlank = pick([''], [' ', '\t']);
const helpText = fc.array(
  pick<Piece>(['doc', ' a b', '\\n', '\\\\', '"q"'], ['\\x', 'é', '\t', ...BAD_UTF8]),
  {
    maxLength: 3,
  },
);

const label = fc.record({ name: labelName, value: labelValue, sp: optBlank });

const sample = fc.record({
  suffix: pick(['', '', '_bucket', '_sum', '_count'], ['_total']),
  labels: fc.array(label, { maxLength: 3 }),
  dupLabel: pick([false], [true]),
  le: leValue,
  quantile: leValue,
  braces: pick(['auto'], ['always', 'blank-before']),
  trailingComma: pick([false], [true]),
  sep: blank,
  value: sampleValue,
  ts: timestamp,
  tsSep: blank,
  trail: pick([''], [' ', '\t']),
});

const family = fc.record({
  name: pick(['a', 'req', 'h', 's', 'x:y', '_u', 'up'], ['1a', 'a-b']),
  type: pick(
    ['counter', 'gauge', 'histogram', 'summary', 'untyped'],
    ['bogus', 'Counter', 'GAUGE', 'gauge_histogram', 'counter ', ''],
  ),
  meta: pick(
    ['help-type', 'type-help', 'none', 'type', 'help'],
    ['dup-help', 'dup-type', 'type-after', 'help-after'],
  ),
  help: helpText,
  samples: fc.array(sample, { minLength: 1, maxLength: 3 }),
});

export const expositionArb = fc.record({
  families: fc.array(family, { minLength: 1, maxLength: 3 }),
  comment: pick(['', '# a comment\n', '#\n'], ['# HELP\n', '# TYPE x\n', '  # HELP  a  x\n']),
  indent: pick([''], [' ', '\t']),
  eol: pick(['\n'], ['\r\n']),
  finalNewline: pick([true], [false]),
  blankLines: pick([false], [true]),
});

/** One generated exposition, before rendering. */
export type Exposition = typeof expositionArb extends fc.Arbitrary<infer T> ? T : never;

/** The bytes of one generated exposition. */
export function renderExposition(m: Exposition): Uint8Array {
  const pieces: Piece[] = [m.comment];
  const line = (...ps: Piece[]) => pieces.push(m.indent, ...ps, m.eol);
  for (const f of m.families) {
    const help = () => line('# HELP ', f.name, ' ', ...f.help);
    const type = () => line('# TYPE ', f.name, ' ', f.type);
    if (f.meta === 'help-type' || f.meta === 'dup-help' || f.meta === 'help') {
      help();
    }
    if (
      f.meta !== 'none' &&
      f.meta !== 'help' &&
      f.meta !== 'type-after' &&
      f.meta !== 'help-after'
    ) {
      type();
    }
    if (f.meta === 'type-help' || f.meta === 'dup-help') {
      help();
    }
    if (f.meta === 'dup-type') {
      type();
    }
    for (const s of f.samples) {
      const name = f.name + s.suffix;
      const labels: Piece[][] = s.labels.map((l) => [
        l.name,
        l.sp,
        '=',
        l.sp,
        '"',
        ...l.value,
        '"',
      ]);
      if (s.dupLabel && s.labels[0] !== undefined) {
        labels.push([s.labels[0].name, '="dup"']);
      }
      if (f.type === 'histogram' && s.suffix === '_bucket') {
        labels.push(['le="', s.le, '"']);
      }
      if (f.type === 'summary' && s.suffix === '') {
        labels.push(['quantile="', s.quantile, '"']);
      }
      const body: Piece[] = [];
      labels.forEach((l, i) => body.push(...(i > 0 ? [','] : []), ...l));
      if (s.trailingComma && labels.length > 0) {
        body.push(',');
      }
      const braces =
        labels.length > 0 || s.braces !== 'auto'
          ? [s.braces === 'blank-before' ? ' {' : '{', ...body, '}']
          : [];
      line(name, ...braces, s.sep, s.value, ...(s.ts === '' ? [] : [s.tsSep, s.ts]), s.trail);
      if (m.blankLines) {
        pieces.push(m.eol);
      }
    }
    if (f.meta === 'type-after') {
      type();
    }
    if (f.meta === 'help-after') {
      help();
    }
  }
  if (!m.finalNewline) {
    // Drop the last end of line.
    pieces.pop();
  }
  const enc = new TextEncoder();
  const parts = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
