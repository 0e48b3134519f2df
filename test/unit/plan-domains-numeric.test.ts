import { describe, expect, it } from 'vitest';
import { planFromText } from '../../src-main/core/plan';

/** A plan whose hosts carry `ud` labels, one host per label value. */
function domainsOf(values: readonly string[]): string[] {
  const r = planFromText(
    JSON.stringify({
      release: { name: 'web', version: '2', previous: '1' },
      fleet: {
        hosts: values.map((v, i) => ({
          name: `h${i}`,
          address: `h${i}.demo.invalid`,
          labels: { ud: v },
        })),
      },
      domains: { byLabel: 'ud' },
      rings: [{ name: 'all', select: { rest: true }, bake: '0s' }],
      deploy: { steps: [{ name: 's', command: 'appctl restart', timeout: '5s' }] },
    }),
    'p.yaml',
  );
  if (!r.ok) {
    throw new Error(r.error.map((e) => e.message).join('; '));
  }
  return r.value.plan.rings[0]?.domains.map((d) => d.name) ?? [];
}

describe('update domains by label', () => {
  it("walks numbered domains (Azure's platform UDs 0..19) in numeric order", () => {
    const uds = Array.from({ length: 20 }, (_, i) => String(19 - i));
    expect(domainsOf(uds)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
  it('keeps text order for names that are not all numbers', () => {
    expect(domainsOf(['10', '2', 'b', 'a'])).toEqual(['10', '2', 'a', 'b']);
  });
});
