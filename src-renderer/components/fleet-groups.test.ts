import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { groupHosts, labelNames } from './fleet-groups';

const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0 });
const word = () => 'deploying';

describe('grouping the fleet', () => {
  it('by ring and update domain: the plan’s order, the ring as heading', () => {
    const groups = groupHosts(snap.rings, snap.hosts, 'domain', word);
    expect(groups.map((g) => g.heading?.split(' ')[0])).toEqual(
      snap.rings.flatMap((r) => r.domains.map(() => r.name)),
    );
    expect(groups.map((g) => g.hosts)).toEqual(
      snap.rings.flatMap((r) => r.domains.map((d) => d.hosts)),
    );
  });

  it('by ring: one block per ring with every host of its domains', () => {
    const groups = groupHosts(snap.rings, snap.hosts, 'ring', word);
    expect(groups.map((g) => g.title.split(' ')[0])).toEqual([
      'canary',
      'early',
      'broad',
      'global',
    ]);
    expect(groups.reduce((n, g) => n + g.hosts.length, 0)).toBe(snap.hosts.length);
    expect(groups[0]?.title).toMatch(/^canary · \d+ hosts? · deploying$/);
  });

  it('by a label: one block per value, sorted, hosts without it last', () => {
    const hosts = snap.hosts.map((h, i) => (i === 0 ? { ...h, labels: {} } : h));
    expect(labelNames(hosts)).toEqual(['env', 'region', 'zone']);
    const groups = groupHosts(snap.rings, hosts, 'label:region', word);
    const values = [...new Set(hosts.slice(1).map((h) => h.labels.region))].sort();
    expect(groups.map((g) => g.title.split(' · ')[0])).toEqual([
      ...values.map((v) => `region ${v}`),
      'no region',
    ]);
    expect(groups.at(-1)?.hosts).toEqual([hosts[0]?.name]);
    for (const g of groups.slice(0, -1)) {
      const v = g.title.split(' · ')[0]?.slice('region '.length);
      expect(g.hosts.every((n) => hosts.find((h) => h.name === n)?.labels.region === v)).toBe(true);
    }
    expect(groups.reduce((n, g) => n + g.hosts.length, 0)).toBe(hosts.length);
  });

  it('by Azure placement labels: location, zone, and update domains in numeric order', () => {
    const hosts = snap.hosts.map((h, i) => ({
      ...h,
      labels: {
        ...h.labels,
        'azure.location': i % 2 === 0 ? 'westeurope' : 'northeurope',
        'azure.zone': String((i % 3) + 1),
        'azure.updateDomain': String(i % 12),
      },
    }));
    expect(labelNames(hosts)).toEqual(
      expect.arrayContaining(['azure.location', 'azure.updateDomain', 'azure.zone']),
    );
    const titles = (by: `label:${string}`) =>
      groupHosts(snap.rings, hosts, by, word).map((g) => g.title.split(' · ')[0]);
    expect(titles('label:azure.location')).toEqual([
      'azure.location northeurope',
      'azure.location westeurope',
    ]);
    expect(titles('label:azure.zone')).toEqual(['1', '2', '3'].map((z) => `azure.zone ${z}`));
    expect(titles('label:azure.updateDomain')).toEqual(
      Array.from({ length: Math.min(12, hosts.length) }, (_, i) => `azure.updateDomain ${i}`),
    );
  });
});
