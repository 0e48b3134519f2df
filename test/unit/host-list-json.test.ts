/**
 * The quick JSON host-list reader against the full YAML parser: on JSON written in any
 * indentation, with odd strings and keys, repeated keys and numbers among label values,
 * `parseHostList` returns exactly what the YAML document path returns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonHostList } from '../../src-main/adapters/inventory/host-list-json';
import {
  parseHostList,
  parseHostListDocument,
} from '../../src-main/adapters/inventory/parse-host-list';

const odd = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('name', '__proto__', 'a"b', 'back\\slash', '\u2028', '\u00a0x', 'é', '1.5'),
);
const scalar = fc.oneof(
  odd,
  fc.integer({ min: -2, max: 70000 }),
  fc.constantFrom(7.5, 1e21, -0, true, false, null),
);
const host = fc.record(
  {
    name: fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), weight: 4 }, scalar),
    address: fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9.]{1,12}$/), weight: 4 }, scalar),
    port: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 4 }, scalar),
    user: odd,
    labels: fc.dictionary(odd, fc.oneof({ arbitrary: odd, weight: 4 }, scalar), { maxKeys: 3 }),
    identityFile: odd,
  },
  { requiredKeys: ['name', 'address'] },
);
const layout = fc.record({
  wrapped: fc.boolean(),
  indent: fc.constantFrom<number | string>(0, 1, 2, 4, '\t', ' \t'),
  /** Repeats the first key of the first host (JSON keeps the last, YAML refuses it). */
  repeat: fc.boolean(),
  spaceBeforeColon: fc.boolean(),
});

function render(
  hosts: unknown[],
  l: { wrapped: boolean; indent: number | string; repeat: boolean; spaceBeforeColon: boolean },
): string {
  let text = JSON.stringify(l.wrapped ? { hosts } : hosts, null, l.indent);
  if (l.repeat) {
    text = text.replace(/\{(\s*)("[^"]*"\s*:\s*"[^"]*")/, '{$1$2,$1$2');
  }
  if (l.spaceBeforeColon) {
    text = text.replace(/": /, '" : ');
  }
  return `${text}\n`;
}

const same = (text: string) =>
  expect(parseHostList(text, 'hosts.json')).toEqual(parseHostListDocument(text, 'hosts.json'));

describe('quick JSON host-list reader', () => {
  it('returns what the YAML document returns, on generated JSON lists', () => {
    fc.assert(
      fc.property(fc.array(host, { maxLength: 4 }), layout, (hs, l) => {
        same(render(hs, l));
      }),
      { numRuns: 800 },
    );
  });

  it('keeps numbers among label values as written, as YAML does', () => {
    const text = '[{"name": "a", "address": "b", "labels": {"tier": 1.50, "n": 1E3, "m": -0}}]\n';
    same(text);
    const r = parseHostList(text, 'hosts.json');
    expect(r.ok && r.value[0]?.labels).toEqual({ tier: '1.50', n: '1E3', m: '-0' });
  });

  it('reads plain JSON lists itself, with the same positions', () => {
    const plain = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      address: fc.stringMatching(/^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/),
      port: fc.integer({ min: 1, max: 65535 }),
      labels: fc.dictionary(
        fc.stringMatching(/^[a-z]{1,6}$/),
        fc.stringMatching(/^[a-z0-9]{1,6}$/),
      ),
    });
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 5 }), layout, (hs, l) => {
        const text = render(hs, { ...l, repeat: false, indent: 2 });
        expect(readJsonHostList(text)).not.toBeNull();
        same(text);
      }),
      { numRuns: 300 },
    );
  });
});
