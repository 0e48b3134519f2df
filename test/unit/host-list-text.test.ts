/**
 * The host-list writer against the yaml library: whatever the strings, the text it writes
 * reads back (YAML.parse) as exactly the hosts it was given, and the inventory reader takes a
 * plain fleet's list without building a YAML document.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { readBlockHostList } from '../../src-main/core/plan/host-list-block';
import { parseHostList } from '../../src-main/adapters/inventory/parse-host-list';
import { hostListYaml } from '../../src-main/core/plan';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('true', 'null', '~', '07', '1.5', '1e3', '0x1F', 'a: b', 'a #b', '- x', '"q"'),
  fc.constantFrom("it's", 'back\\slash', 'tab\there', 'line\nbreak', ' lead', 'trail ', '@x'),
  fc.stringMatching(/^[a-z0-9][a-z0-9./_-]{0,12}$/),
);
const host = fc.record(
  {
    name: text,
    address: text,
    port: fc.integer({ min: 1, max: 65535 }),
    user: text,
    labels: fc.dictionary(text, text, { maxKeys: 4 }),
    identityFile: text,
    proxyJump: text,
  },
  { requiredKeys: ['name', 'address'] },
);

describe('host list writer', () => {
  it('writes text that YAML reads back as the same hosts', () => {
    fc.assert(
      fc.property(fc.array(host, { maxLength: 4 }), (hosts) => {
        const expected = hosts.map((h) =>
          Object.keys(h.labels ?? {}).length === 0 ? (({ labels: _l, ...rest }) => rest)(h) : h,
        );
        expect(YAML.parse(hostListYaml(hosts))).toEqual({ hosts: expected });
      }),
      { numRuns: 500 },
    );
  });

  it('writes a plain fleet so that the inventory reader needs no YAML document', () => {
    const hosts = Array.from({ length: 50 }, (_, i) => ({
      name: `sim-${String(i).padStart(4, '0')}`,
      address: `127.0.1.${i}`,
      port: 2200 + i,
      user: 'deploy',
      labels: { region: `r${i % 3}`, zone: `z${i % 9}`, rack: '07' },
      identityFile: '/tmp/ringside-sim-x/id_ed25519',
    }));
    const written = hostListYaml(hosts);
    expect(readBlockHostList(written)).not.toBeNull();
    const read = parseHostList(written, 'hosts.yaml');
    expect(read.ok && read.value.map(({ pos: _p, ...h }) => h)).toEqual(hosts);
  });
});
