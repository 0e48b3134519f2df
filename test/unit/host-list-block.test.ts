/**
 * The quick host-list reader against the full YAML parser: on any text, `parseHostList` (which
 * tries the quick reader first) must return exactly what the YAML document path returns:
 * hosts, positions and errors. The texts are generated: lists written by `YAML.stringify` in
 * every style, then edited with comments, blank lines, trailing spaces and shifted indents, and
 * values drawn from what YAML reads as something other than a string.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { readBlockHostList } from '../../src-main/core/plan/host-list-block';
import {
  parseHostList,
  parseHostListDocument,
} from '../../src-main/adapters/inventory/parse-host-list';

const TRICKY = [
  'true',
  'False',
  'null',
  'NULL',
  '~',
  '1.5',
  '1.',
  '1e3',
  '2E+4',
  '0x1F',
  '0o17',
  '007',
  '22',
  '65535',
  '70000',
  '12345678901234567',
  '-1',
  '+1',
  '.inf',
  '.nan',
  'yes',
  'a: b',
  'a:b',
  'a:',
  'a #b',
  'a#b',
  '#x',
  "it's",
  'say "hi"',
  'back\\slash',
  '- x',
  '[x]',
  '{x}',
  '&a',
  '*a',
  '!x',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  'a  b',
  ' a',
  'a ',
  'zürich',
  '',
  '__proto__',
  'constructor',
  'x'.repeat(90),
  'word '.repeat(20).trim(),
];
const piece = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/),
  fc.stringMatching(/^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/),
  fc.string({ unit: fc.constantFrom('a', '1', '.', ':', '-', ' ', '#', "'", '"', '/', '_') }),
);
const labelValue = fc.oneof(piece, fc.integer({ min: -5, max: 100 }), fc.boolean());
const host = fc.record(
  {
    name: fc.oneof(piece, fc.integer({ min: 0, max: 9 })),
    address: piece,
    port: fc.oneof(fc.integer({ min: 0, max: 70000 }), piece),
    user: piece,
    labels: fc.dictionary(piece, labelValue, { maxKeys: 4 }),
    identityFile: piece,
    proxyJump: piece,
    zone: piece,
  },
  { requiredKeys: [] },
);
/** Plain hosts as `ringside sim` and most people write them: the quick reader takes these. */
const plainHost = fc.record(
  {
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(?:\.[a-z]{2,5})?$/),
    address: fc.stringMatching(/^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/),
    port: fc.integer({ min: 1, max: 65535 }),
    user: fc.constantFrom('ops', 'deploy', 'root'),
    labels: fc.dictionary(
      fc.stringMatching(/^[a-z][a-z0-9_./-]{0,8}$/),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      { maxKeys: 4, minKeys: 1 },
    ),
    identityFile: fc.constantFrom('/home/ops/.ssh/id_ed25519', 'keys/fleet'),
  },
  { requiredKeys: ['name', 'address'] },
);
const style = fc.record({
  wrapped: fc.boolean(),
  indent: fc.integer({ min: 1, max: 4 }),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom(
    'PLAIN' as const,
    'QUOTE_SINGLE' as const,
    'QUOTE_DOUBLE' as const,
  ),
});

type Edit = { at: number; kind: 'comment' | 'blank' | 'trail' | 'shift' | 'unshift' | 'tab' };
const edits = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom(
      'comment' as const,
      'blank' as const,
      'trail' as const,
      'shift' as const,
      'unshift' as const,
      'tab' as const,
    ),
  }),
  { maxLength: 3 },
);

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Style = ValueOf<typeof style> & { defaultKeyType?: 'PLAIN' };

function render(hosts: unknown[], s: Style, changes: Edit[]): string {
  const { wrapped, ...options } = s;
  const lines = YAML.stringify(wrapped ? { hosts } : hosts, options).split('\n');
  for (const e of changes) {
    const i = e.at % lines.length;
    const line = lines[i] ?? '';
    if (e.kind === 'comment') {
      lines.splice(i, 0, `${' '.repeat(e.at % 5)}# note ${i}`);
    } else if (e.kind === 'blank') {
      lines.splice(i, 0, ' '.repeat(e.at % 3));
    } else if (e.kind === 'trail') {
      lines[i] = `${line}${e.at % 2 === 0 ? '  ' : ' # why'}`;
    } else if (e.kind === 'shift') {
      lines[i] = ` ${line}`;
    } else if (e.kind === 'unshift') {
      lines[i] = line.replace(/^ /, '');
    } else {
      lines[i] = `\t${line}`;
    }
  }
  return lines.join('\n');
}

/** A list written by hand: raw values as they are, so YAML reads each as it will. */
/** What YAML reads as something other than the string written, and keys JS treats apart. */
const odd = fc.constantFrom(
  ...['true', 'False', 'null', 'NULL', '~', '1.5', '1e3', '0x1F', '0o17', '007', '22'],
  ...['12345678901234567', '.inf', '__proto__', 'constructor', 'a #b', "'it''s'", '"q"'],
  ...TRICKY,
);
const rawValue = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), weight: 12 },
  { arbitrary: odd, weight: 3 },
  { arbitrary: piece, weight: 1 },
);
const rawHost = fc.record({
  name: rawValue,
  address: rawValue,
  rest: fc.array(
    fc.oneof(
      fc.tuple(
        fc.constant('port'),
        fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), rawValue),
      ),
      fc.tuple(fc.constantFrom('user', 'proxyJump', 'identityFile', 'zone'), rawValue),
      fc.tuple(
        fc.constant('labels'),
        fc.array(fc.tuple(rawValue, rawValue), { minLength: 0, maxLength: 3 }),
      ),
    ),
    { maxLength: 3 },
  ),
});
const rawList = fc.record({
  wrapped: fc.boolean(),
  seqIndent: fc.integer({ min: 0, max: 3 }),
  hosts: fc.array(rawHost, { minLength: 1, maxLength: 3 }),
});

function renderRaw(r: ValueOf<typeof rawList>): string {
  const pad = ' '.repeat(r.wrapped ? r.seqIndent : 0);
  const lines = r.wrapped ? ['hosts:'] : [];
  for (const h of r.hosts) {
    lines.push(`${pad}- name: ${h.name}`, `${pad}  address: ${h.address}`);
    for (const [key, value] of h.rest) {
      if (typeof value === 'string') {
        lines.push(`${pad}  ${key}: ${value}`);
      } else {
        lines.push(`${pad}  ${key}:`, ...value.map(([k, v]) => `${pad}    ${k}: ${v}`));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const same = (text: string) =>
  expect(parseHostList(text, 'hosts.yaml')).toEqual(parseHostListDocument(text, 'hosts.yaml'));

describe('quick host-list reader', () => {
  it('returns what the YAML document returns, on generated lists and edits', () => {
    fc.assert(
      fc.property(fc.array(host, { minLength: 1, maxLength: 4 }), style, edits, (hs, s, e) => {
        same(render(hs, s, e));
      }),
      { numRuns: 600 },
    );
  });

  it('returns what the YAML document returns, on hand-written lists of raw values', () => {
    fc.assert(
      fc.property(rawList, (r) => {
        same(renderRaw(r));
      }),
      { numRuns: 1500 },
    );
  });

  it('returns what the YAML document returns, for one odd value in a plain list', () => {
    const plain = (v: string) => /^[a-z][a-z0-9-]*$/.test(v);
    const slot = fc.constantFrom('name', 'address', 'user', 'port', 'label key', 'label value');
    fc.assert(
      fc.property(rawList, slot, odd, (r, where, v) => {
        const host = { name: 'web-1', address: 'a', rest: [] as (typeof r.hosts)[0]['rest'] };
        const labels: [string, string][] = [['zone', where === 'label value' ? v : 'a']];
        labels.push([where === 'label key' ? v : 'rack', '07']);
        host.rest.push(['labels', labels]);
        if (where === 'name' || where === 'address') {
          host[where] = v;
        } else if (where === 'user' || where === 'port') {
          host.rest.push([where, v]);
        }
        const list = { ...r, hosts: [host, ...r.hosts.filter((h) => plain(h.name))] };
        same(renderRaw(list));
      }),
      { numRuns: 800 },
    );
  });

  it('reads plain lists itself, in any indentation and quoting, with the same positions', () => {
    fc.assert(
      fc.property(fc.array(plainHost, { minLength: 1, maxLength: 5 }), style, (hs, s) => {
        const text = render(
          hs,
          { ...s, indent: Math.max(2, s.indent), defaultKeyType: 'PLAIN' },
          [],
        );
        expect(readBlockHostList(text)).not.toBeNull();
        same(text);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves to the full parser what it cannot be sure of', () => {
    const unsure = [
      'hosts:\n  - { name: a, address: b }\n',
      'hosts:\n  - name: &n a\n    address: *n\n',
      'hosts:\n  - name: !!str 1\n    address: b\n',
      'hosts:\n  - name: "a\\tb"\n    address: b\n',
      'hosts:\n  - name: a\n    address: |\n      b\n',
      '---\n- name: a\n  address: b\n',
      'hosts:\n  - name: a\n    address: b\n    labels:\n    port: 22\n',
      'hosts:\n  - name: a\n    address: b\n    name: c\n',
      'hosts:\n  - name: a\n    address: 1.5\n',
      'hosts:\n  - name: a\n    address: b\r\n',
    ];
    for (const text of unsure) {
      expect(readBlockHostList(text), text).toBeNull();
      same(text);
    }
  });

  it('reads a large list as sim writes it', () => {
    const hosts = Array.from({ length: 3_000 }, (_, i) => ({
      name: `web-${i}`,
      address: `127.0.${i >> 8}.${i & 255}`,
      port: 2222,
      labels: { region: `r${i % 3}`, zone: `z${i % 9}` },
    }));
    const text = YAML.stringify({ hosts });
    const quick = readBlockHostList(text);
    expect(quick?.namePos).toHaveLength(3_000);
    same(text);
  });
});
