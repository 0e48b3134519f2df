/**
 * A quick reader for the plainest form of a host list, the one `YAML.stringify`, `ringside sim`
 * and most people write: block style, one key per line, plain or simply quoted values.
 *
 *   hosts:                      # or the list itself at the top level
 *     - name: web-1
 *       address: 10.0.0.1
 *       port: 22
 *       labels:
 *         zone: a
 *
 * Building a YAML document for 10,000 hosts takes about 1.7 s and 120 MB that live until the
 * next full collection; this reads the same list in a few milliseconds. It answers only what it
 * is sure of: anything else in the text (flow style, anchors, tags, escapes, block scalars, a
 * value whose type YAML 1.2's core schema would change, an unknown or repeated key, a tab, a
 * CR, a document marker) gives `null`, and the caller parses the text with the full parser,
 * which also names every error. A differential property test holds it to the full parser.
 */

/** The plain JS value of the list and where each host's `name` value starts (1-based). */
export interface BlockHostList {
  readonly value: unknown;
  readonly namePos: readonly ({ line: number; col: number } | undefined)[];
}

const HOST_KEYS = new Set([
  'name',
  'address',
  'port',
  'user',
  'labels',
  'identityFile',
  'proxyJump',
]);
/** Characters and line breaks the reader leaves to the full parser. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSURE_TEXT = /[\0-\x08\t\v\f\r\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** A plain scalar of one line: no indicator first, `:` only before a non-space, single spaces. */
const PLAIN = /^[A-Za-z0-9_/](?:[A-Za-z0-9_./@%+=~()-]|:(?=[^ ])| (?=[^ #]))*$/;
/** Plain scalars YAML 1.2's core schema reads as null or a boolean. */
const NULL_OR_BOOL = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Plain scalars the core schema reads as a number: ints in base 8, 10 or 16, and floats. */
const CORE_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)$/;
const DECIMAL = /^[0-9]+$/;
/** A key written plain: what the reader takes and the writer (host-list-text.ts) writes. */
export const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const KEY_LINE = new RegExp(`^(${PLAIN_KEY.source.slice(1, -1)}):(?: +|$)`);

/** Whether YAML reads this plain scalar as the string it is (not null, a boolean or a number). */
export function plainReadsAsString(plain: string): boolean {
  return !NULL_OR_BOOL.test(plain) && !CORE_NUMBER.test(plain);
}
const COMMENT_REST = /^(?: +#.*)? *$/;

interface Scalar {
  readonly value: string | number;
  /** 0-based column where the value starts. */
  readonly col: number;
}

/**
 * A value after `key: ` starting at `col` of `line`, or null when unsure. Label values are
 * kept as written (`rack: 07` is "07"), as plans keep them; other numbers are base-10 ints.
 */
function scalarAt(line: string, col: number, asWritten: boolean): Scalar | null {
  const first = line[col];
  if (first === '"') {
    const end = line.indexOf('"', col + 1);
    if (end < 0 || line.slice(col + 1, end).includes('\\')) {
      return null;
    }
    return COMMENT_REST.test(line.slice(end + 1)) ? { value: line.slice(col + 1, end), col } : null;
  }
  if (first === "'") {
    let text = '';
    let i = col + 1;
    for (;;) {
      const q = line.indexOf("'", i);
      if (q < 0) {
        return null;
      }
      text += line.slice(i, q);
      if (line[q + 1] !== "'") {
        return COMMENT_REST.test(line.slice(q + 1)) ? { value: text, col } : null;
      }
      text += "'";
      i = q + 2;
    }
  }
  const hash = line.indexOf(' #', col);
  const plain = (hash < 0 ? line.slice(col) : line.slice(col, hash)).trimEnd();
  if (!PLAIN.test(plain) || NULL_OR_BOOL.test(plain)) {
    return null;
  }
  if (asWritten || !CORE_NUMBER.test(plain)) {
    return { value: plain, col };
  }
  // The core schema's base-10 int (past 15 digits a double may round differently); other
  // numbers are left to the full parser.
  return DECIMAL.test(plain) && plain.length <= 15 ? { value: Number(plain), col } : null;
}

/** How many spaces a line starts with. */
export function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) {
    i++;
  }
  return i;
}

/** Reads the plainest block form of a host list, or null for anything else (see above). */
export function readBlockHostList(text: string): BlockHostList | null {
  if (UNSURE_TEXT.test(text)) {
    return null;
  }
  const lines = text.split('\n');
  const hosts: Record<string, unknown>[] = [];
  const namePos: ({ line: number; col: number } | undefined)[] = [];
  let wrapped: boolean | undefined;
  let seqIndent = -1;
  let host: Record<string, unknown> | null = null;
  let labels: Record<string, unknown> | null = null;
  let labelIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const indent = indentOf(line);
    if (indent === line.length || line[indent] === '#') {
      continue;
    }
    if (wrapped === undefined) {
      if (/^hosts:(?: +#.*)? *$/.test(line)) {
        wrapped = true;
        continue;
      }
      wrapped = false;
    }
    if (seqIndent < 0) {
      if (wrapped ? line[indent] !== '-' : indent !== 0) {
        return null;
      }
      seqIndent = indent;
    }
    const emptyLabels = labels !== null && labelIndent < 0;
    let col = indent;
    if (indent === seqIndent) {
      if (
        emptyLabels ||
        line[indent] !== '-' ||
        line[indent + 1] !== ' ' ||
        line[indent + 2] === ' '
      ) {
        return null;
      }
      host = {};
      labels = null;
      hosts.push(host);
      namePos.push(undefined);
      col = indent + 2;
    } else if (host !== null && indent === seqIndent + 2 && !emptyLabels) {
      labels = null;
    } else if (
      labels !== null &&
      (labelIndent < 0 ? indent > seqIndent + 2 : indent === labelIndent)
    ) {
      labelIndent = indent;
      const m = KEY_LINE.exec(line.slice(indent));
      const key = m?.[1];
      if (m === null || key === undefined || NULL_OR_BOOL.test(key) || key === '__proto__') {
        return null;
      }
      const v = scalarAt(line, indent + m[0].length, true);
      if (v === null || Object.hasOwn(labels, key)) {
        return null;
      }
      labels[key] = v.value;
      continue;
    } else {
      return null;
    }
    const m = KEY_LINE.exec(line.slice(col));
    const key = m?.[1];
    if (m === null || key === undefined || !HOST_KEYS.has(key) || Object.hasOwn(host, key)) {
      return null;
    }
    const at = col + m[0].length;
    if (key === 'labels') {
      if (!COMMENT_REST.test(line.slice(col + key.length + 1))) {
        return null;
      }
      labels = {};
      labelIndent = -1;
      host[key] = labels;
      continue;
    }
    const v = scalarAt(line, at, false);
    if (v === null) {
      return null;
    }
    host[key] = v.value;
    if (key === 'name') {
      namePos[namePos.length - 1] = { line: n + 1, col: v.col + 1 };
    }
  }
  if (hosts.length === 0 || (labels !== null && labelIndent < 0)) {
    return null;
  }
  return { value: wrapped === true ? { hosts } : hosts, namePos };
}
