import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { formatPlanError, parsePlanText } from '../../src-main/core/plan';

function errorsOf(inventory: unknown): string[] {
  const doc = {
    release: { name: 'web', version: '2', previous: '1' },
    fleet: { inventories: [inventory] },
    domains: { byLabel: 'azure.updateDomain' },
    rings: [{ name: 'all', select: { rest: true }, bake: '0s', promotion: 'manual' }],
    deploy: { steps: [{ name: 'i', command: 'appctl install {{version}}', timeout: '5s' }] },
  };
  const r = parsePlanText(YAML.stringify(doc), 'p.yaml');
  return r.ok ? [] : r.error.map(formatPlanError);
}

const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('fleet.inventories azure entries', () => {
  it('accepts subscription, resource groups and tags (a value or a list)', () => {
    expect(
      errorsOf({
        azure: {
          subscription: SUB,
          resourceGroups: ['rg-web'],
          tags: { env: 'prod', tier: ['web', 'api'] },
        },
      }),
    ).toEqual([]);
  });
  it('wants exactly one source per entry, and format only for files', () => {
    expect(
      errorsOf({ path: 'h.yaml', azure: { subscription: SUB, resourceGroups: ['a'] } }),
    ).toEqual([
      expect.stringContaining(
        'expected exactly one source: path (an inventory file), aws (EC2 instances) or azure (VMs), got 2',
      ),
    ]);
    expect(errorsOf({ select: { labels: { a: 'b' } } })).toEqual([
      expect.stringContaining('got 0'),
    ]);
    expect(
      errorsOf({ azure: { subscription: SUB, resourceGroups: ['a'] }, format: 'csv' }),
    ).toEqual([expect.stringContaining('format applies to inventory files (path:), not to azure')]);
  });
  it('says what a subscription id and a resource group name look like', () => {
    expect(errorsOf({ azure: { subscription: 'my-sub', resourceGroups: ['a'] } })).toEqual([
      expect.stringMatching(
        /^p\.yaml:\d+:\d+: fleet\.inventories\[0\]\.azure\.subscription: expected a subscription id: a GUID like 0{8}-/,
      ),
    ]);
    expect(errorsOf({ azure: { subscription: SUB, resourceGroups: ['ends.'] } })).toEqual([
      expect.stringContaining(
        "expected a resource group name: 1-90 letters, digits, _ - . ( ), not ending in '.'",
      ),
    ]);
    expect(errorsOf({ azure: { subscription: SUB, resourceGroups: [] } })).toEqual([
      expect.stringContaining('expected at least one resource group'),
    ]);
  });
});
