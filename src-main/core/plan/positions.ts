import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePos } from './errors';

/** A path into the plan document, as zod reports it: keys and array indexes. */
export type DocPath = readonly PropertyKey[];

/**
 * Finds where a path lives in the YAML source. `at: 'key'` points at the key of the last
 * segment (for unknown or duplicate keys); otherwise at the value. A path that goes past the
 * document (a missing key) resolves to the deepest node that exists, which is where the
 * author has to add it.
 */
export type Locate = (path: DocPath, at?: 'key' | 'value', nthBraces?: number) => SourcePos;

/**
 * Builds a {@link Locate} over a parsed document. With `nthBraces`, a string value's position
 * moves to its n-th `{{` (counted in the source, where escapes never produce braces), so a
 * template error points at the variable rather than at the start of the string.
 */
export function makeLocator(doc: Document, lines: LineCounter, source = ''): Locate {
  const pos = (offset: number): SourcePos => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const braces = (node: unknown, n: number): number | undefined => {
    const r = (node as Node | null)?.range;
    if (!r) {
      return undefined;
    }
    let i = r[0] - 1;
    for (let k = 0; k <= n; k++) {
      i = source.indexOf('{{', i + 1);
      if (i < 0 || i >= r[1]) {
        return undefined;
      }
    }
    return i;
  };
  return (path, at = 'value', nthBraces) => {
    let node: unknown = doc.contents;
    let best: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
        if (!pair) {
          return pos(best);
        }
        if (last && at === 'key') {
          return pos(rangeStart(pair.key) ?? best);
        }
        node = pair.value;
        // `key:` with no value has no node; the key is the best place to point at.
        best = rangeStart(node) ?? rangeStart(pair.key) ?? best;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) {
          return pos(best);
        }
        node = item;
        best = rangeStart(node) ?? best;
      } else {
        return pos(best);
      }
    }
    return pos(nthBraces === undefined ? best : (braces(node, nthBraces) ?? best));
  };
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const r = (node as Node).range;
    return r ? r[0] : undefined;
  }
  return undefined;
}
