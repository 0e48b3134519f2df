/**
 * The fleet search box: words separated by spaces, all of which must match. `name=value`
 * matches a label exactly (also `ring=`, `domain=`, `version=`, `state=`), any other word is
 * a substring of the host's name, version, ring, update domain or a label value. Case is
 * ignored. Pure, so the tests read like the person types.
 */
import type { HostView } from '../../src-main/core/contract';
import { hostStateWords } from '../../src-main/core/words';

export type QueryTerm =
  | { readonly kind: 'label'; readonly key: string; readonly value: string }
  | { readonly kind: 'text'; readonly text: string };

/** The terms of `text`; empty when it is blank. */
export function parseHostQuery(text: string): QueryTerm[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => {
      const at = w.indexOf('=');
      return at > 0
        ? { kind: 'label', key: w.slice(0, at).toLowerCase(), value: w.slice(at + 1).toLowerCase() }
        : { kind: 'text', text: w.toLowerCase() };
    });
}

function fieldOf(h: HostView, key: string): string | null {
  switch (key) {
    case 'name':
    case 'host':
      return h.name;
    case 'ring':
      return h.ring;
    case 'domain':
      return h.domain;
    case 'version':
      return h.version ?? 'unknown';
    case 'state':
      return hostStateWords[h.state];
    default: {
      const found = Object.entries(h.labels).find(([k]) => k.toLowerCase() === key);
      return found ? found[1] : null;
    }
  }
}

/** Case and spaces aside: `state=in-doubt` finds "in doubt". */
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '-');

/** True when `h` matches every term (an empty query matches every host). */
export function matchesHost(h: HostView, terms: readonly QueryTerm[]): boolean {
  return terms.every((t) => {
    if (t.kind === 'label') {
      return norm(fieldOf(h, t.key) ?? '\u0000') === norm(t.value);
    }
    const fields = [h.name, h.version ?? '', h.ring, h.domain, ...Object.values(h.labels)];
    return fields.some((f) => f.toLowerCase().includes(t.text));
  });
}
