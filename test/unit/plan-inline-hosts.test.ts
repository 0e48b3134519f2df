/**
 * A plan's inline hosts read by the quick host-list reader against the whole-document parse:
 * on generated plans (hosts first or last in `fleet`, any sequence indent, comments, odd
 * values), `parsePlanText` must agree with `parsePlanDocument` on success or failure, the
 * document, the errors, and the places of the hosts, their names and the rest of the plan.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitInlineHosts } from '../../src-main/core/plan/inline-hosts';
import { parsePlanDocument, parsePlanText } from '../../src-main/core/plan/parse';

const odd = fc.constantFrom('true', '~', '0o17', '1e3', '007', 'a #b', "it's", '"q"', '- x', '');
const value = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), weight: 8 }, odd);
const host = fc.record(
  {
    name: value,
    address: value,
    port: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 4 }, value),
    labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), value, { maxKeys: 3 }),
  },
  { requiredKeys: ['name', 'address'] },
);
const shape = fc.record({
  hostsFirst: fc.boolean(),
  indentSeq: fc.boolean(),
  defaults: fc.boolean(),
  comment: fc.nat(),
});
/** Lines shifted by a space either way: what a hand edit gets wrong. */
const shifts = fc.array(fc.record({ at: fc.nat(), out: fc.boolean() }), { maxLength: 2 });

function planText(
  hosts: unknown[],
  s: { hostsFirst: boolean; indentSeq: boolean; defaults: boolean; comment: number },
): string {
  const defaults = s.defaults ? { defaults: { user: 'deploy', labels: { zone: 'z1' } } } : {};
  const fleet = s.hostsFirst ? { hosts, ...defaults } : { ...defaults, hosts };
  const text = YAML.stringify(
    {
      release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
      fleet,
      domains: { byLabel: 'zone' },
      rings: [{ name: 'all', select: { rest: true }, bake: '0s' }],
      deploy: {
        steps: [{ name: 'install', command: 'appctl install {{version}}', timeout: '60s' }],
      },
    },
    { indentSeq: s.indentSeq },
  );
  const lines = text.split('\n');
  lines.splice(s.comment % lines.length, 0, '# a note');
  return lines.join('\n');
}

const OTHER_PATHS = [
  ['fleet'],
  ['fleet', 'hosts'],
  ['release', 'version'],
  ['rings', 0, 'name'],
  ['deploy', 'steps', 0, 'command'],
  ['domains'],
] as const;

function agree(text: string): void {
  const quick = parsePlanText(text, 'plan.yaml');
  const whole = parsePlanDocument(text, 'plan.yaml');
  expect(quick.ok).toBe(whole.ok);
  if (!quick.ok || !whole.ok) {
    expect(quick).toEqual(whole);
    return;
  }
  expect(quick.value.document).toEqual(whole.value.document);
  const hosts = whole.value.document.fleet.hosts ?? [];
  for (let i = 0; i < hosts.length; i++) {
    const path = ['fleet', 'hosts', i, 'name'];
    expect(quick.value.locate(path)).toEqual(whole.value.locate(path));
  }
  for (const path of OTHER_PATHS) {
    expect(quick.value.locate([...path])).toEqual(whole.value.locate([...path]));
  }
  expect(quick.value.locate(['deploy', 'steps', 0, 'command'], 'value', 0)).toEqual(
    whole.value.locate(['deploy', 'steps', 0, 'command'], 'value', 0),
  );
}

describe('inline plan hosts read quickly', () => {
  it('agree with the whole-document parse on generated plans', () => {
    fc.assert(
      fc.property(fc.array(host, { minLength: 1, maxLength: 4 }), shape, shifts, (hs, s, e) => {
        const lines = planText(hs, s).split('\n');
        for (const { at, out } of e) {
          const i = at % lines.length;
          lines[i] = out ? ` ${lines[i] ?? ''}` : (lines[i] ?? '').replace(/^ /, '');
        }
        agree(lines.join('\n'));
      }),
      { numRuns: 600 },
    );
  });

  it('are taken by the quick reader when plain', () => {
    const hosts = Array.from({ length: 20 }, (_, i) => ({
      name: `web-${i}`,
      address: `10.0.0.${i}`,
      labels: { zone: `z${i % 3}`, rack: '07' },
    }));
    for (const indentSeq of [true, false]) {
      const text = planText(hosts, { hostsFirst: false, indentSeq, defaults: true, comment: 3 });
      expect(splitInlineHosts(text)?.hosts).toHaveLength(20);
      agree(text);
    }
  });

  it('leave a flow-style or misplaced hosts key to the whole-document parse', () => {
    const base = 'release: {name: web, version: 2.0.0, previous: 1.0.0}\n';
    const rest =
      'domains: {byLabel: zone}\nrings: [{name: all, select: {rest: true}, bake: 0s}]\ndeploy: {steps: [{name: s, command: "true", timeout: 10s}]}\n';
    for (const fleet of [
      'fleet:\n  hosts: [{name: a, address: b, labels: {zone: z}}]\n',
      'fleet:\n  defaults: {user: u}\n  hosts:\n  - name: a\n    address: b\n    labels: {zone: z}\n',
      'fleet:\n  hosts:\n    - name: a\n      address: b\n  hosts:\n    - name: c\n      address: d\n',
      'fleet:\n  defaults:\n    hosts:\n      - name: a\n        address: b\n',
    ]) {
      agree(`${base}${fleet}${rest}`);
    }
  });
});
