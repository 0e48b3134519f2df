import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import type { RolloutPlan } from '../../src-main/core/model/plan';

interface FleetHost {
  name: string;
  region: string;
  zone: string;
}

type Select =
  { count: number } | { percent: number } | { labels: Record<string, string | string[]> };

/** A plan document as JSON (which is YAML) around the given hosts and ring selectors. */
function planText(
  hosts: readonly FleetHost[],
  selects: readonly Select[],
  spread: boolean,
): string {
  return JSON.stringify({
    release: { name: 'web', version: '2', previous: '1' },
    fleet: {
      hosts: hosts.map((h) => ({
        name: h.name,
        address: `${h.name}.demo.invalid`,
        labels: { region: h.region, zone: h.zone },
      })),
    },
    domains: { byLabel: 'zone' },
    rings: [
      ...selects.map((select, i) => ({
        name: `r${i}`,
        select,
        ...(spread && i === 0 && !('labels' in select) ? { spreadBy: 'region' } : {}),
        bake: '1s',
      })),
      { name: 'rest', select: { rest: true }, bake: '0s' },
    ],
    deploy: { steps: [{ name: 's', command: 'appctl restart', timeout: '5s' }] },
  });
}

function build(hosts: readonly FleetHost[], selects: readonly Select[], spread: boolean) {
  return planFromText(planText(hosts, selects, spread), 'prop.yaml');
}

function ringOf(plan: RolloutPlan): Map<string, number> {
  const m = new Map<string, number>();
  plan.rings.forEach((r, i) => r.domains.forEach((d) => d.hosts.forEach((h) => m.set(h, i))));
  return m;
}

const hostArb = fc.record({
  name: fc.stringMatching(/^[a-z]{1,4}-[0-9]{1,3}$/),
  region: fc.constantFrom('us-east', 'eu-west', 'ap-south'),
  zone: fc.constantFrom('a', 'b', 'c'),
});
const fleetArb = fc.uniqueArray(hostArb, { minLength: 1, maxLength: 40, selector: (h) => h.name });
const sizedSelect = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((count): Select => ({ count })),
  fc.integer({ min: 1, max: 40 }).map((percent): Select => ({ percent })),
);
const selectsArb = fc.array(sizedSelect, { minLength: 0, maxLength: 3 });

describe('segmentation properties (fast-check)', () => {
  it('is deterministic: host order in the file does not matter', () => {
    fc.assert(
      fc.property(
        fleetArb,
        selectsArb,
        fc.boolean(),
        fc.integer(),
        (hosts, selects, spread, seed) => {
          const shuffled = [...hosts].sort(
            (a, b) =>
              ((a.name.length * seed) % 7) - ((b.name.length * seed) % 7) ||
              (a.name < b.name ? 1 : -1),
          );
          const a = build(hosts, selects, spread);
          const b = build(shuffled, selects, spread);
          expect(b.ok).toBe(a.ok);
          if (a.ok && b.ok) {
            // Same rings, domains and hash; only `origin` (the line a host sits on) differs.
            expect(b.value.plan.rings).toEqual(a.value.plan.rings);
            expect(b.value.plan.planHash).toBe(a.value.plan.planHash);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts every host in exactly one ring and never returns an empty ring or domain', () => {
    fc.assert(
      fc.property(fleetArb, selectsArb, fc.boolean(), (hosts, selects, spread) => {
        const r = build(hosts, selects, spread);
        if (!r.ok) {
          // Refused plans say why: only an empty ring, or percents that cannot fit the fleet,
          // can make these plans invalid.
          expect(r.error.map((e) => e.message).join('\n')).toMatch(/is empty|cannot fit/);
          return;
        }
        const seen = new Map<string, number>();
        for (const ring of r.value.plan.rings) {
          expect(ring.domains.length).toBeGreaterThan(0);
          for (const d of ring.domains) {
            expect(d.hosts.length).toBeGreaterThan(0);
            for (const h of d.hosts) {
              seen.set(h, (seen.get(h) ?? 0) + 1);
            }
          }
        }
        expect([...seen.keys()].sort()).toEqual(hosts.map((h) => h.name).sort());
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('sizes count rings exactly and cuts percent rings at cumulative ceil boundaries, >= 1 host', () => {
    fc.assert(
      fc.property(fleetArb, selectsArb, (hosts, selects) => {
        const r = build(hosts, selects, false);
        if (!r.ok) {
          return;
        }
        let taken = 0;
        let counts = 0;
        let percents = 0;
        selects.forEach((s, i) => {
          let want: number;
          if ('count' in s) {
            want = s.count;
            counts += s.count;
          } else if ('percent' in s) {
            percents += s.percent;
            const end = counts + Math.ceil((percents * hosts.length) / 100 - 1e-9);
            want = Math.max(1, end - taken);
          } else {
            return;
          }
          const got = r.value.plan.rings[i]?.domains.reduce((n, d) => n + d.hosts.length, 0);
          expect(got).toBe(Math.min(want, hosts.length - taken));
          taken += got ?? 0;
        });
      }),
      { numRuns: 300 },
    );
  });

  // Exact ring sizes make "only the added host moves" impossible (a full count ring that
  // gains a better-ranked host must pass one on), so this is the bound that holds: at most
  // one other host per sized ring (two for a spreadBy ring), and without spreadBy only to
  // a neighbouring ring.
  it('adding or removing one host moves at most one other host per sized ring', () => {
    fc.assert(
      fc.property(fleetArb, hostArb, selectsArb, fc.boolean(), (hosts, extra, selects, spread) => {
        fc.pre(!hosts.some((h) => h.name === extra.name));
        const before = build(hosts, selects, spread);
        const after = build([...hosts, extra], selects, spread);
        fc.pre(before.ok && after.ok);
        if (!before.ok || !after.ok) {
          return;
        }
        const a = ringOf(before.value.plan);
        const b = ringOf(after.value.plan);
        const moved = [...a].filter(([h, ring]) => b.get(h) !== ring);
        // spreadBy interleaves regions, so a growing ring can swap its pick in one region
        // and add one from another: two moves per sized ring, as the comment above says
        // (fast-check seed 606227544 found 4 moves for 2 spread rings, over the old bound).
        expect(moved.length).toBeLessThanOrEqual(selects.length * (spread ? 2 : 1));
        for (const [h, ring] of moved) {
          if (!spread) {
            expect(Math.abs((b.get(h) ?? -9) - ring)).toBe(1);
          }
        }
        // Removing the host again restores the original assignment exactly.
        expect(build(hosts, selects, spread)).toEqual(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('with label rings and rest, adding or removing one host moves only that host', () => {
    fc.assert(
      fc.property(fleetArb, hostArb, (hosts, extra) => {
        fc.pre(!hosts.some((h) => h.name === extra.name));
        const selects: Select[] = [
          { labels: { region: 'ap-south' } },
          { labels: { region: ['eu-west'] } },
        ];
        const withLabels = (hs: readonly FleetHost[]) => build(hs, selects, false);
        const before = withLabels(hosts);
        const after = withLabels([...hosts, extra]);
        fc.pre(before.ok && after.ok);
        if (!before.ok || !after.ok) {
          return;
        }
        const a = ringOf(before.value.plan);
        const b = ringOf(after.value.plan);
        for (const [h, ring] of a) {
          expect(b.get(h)).toBe(ring);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('spreads the canary across regions: one host per region before any second one', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer({ min: 1, max: 6 }), (hosts, count) => {
        const r = build(hosts, [{ count }], true);
        fc.pre(r.ok);
        const plan = (r as { value: BuiltPlan }).value.plan;
        const canary = plan.rings[0]?.domains.flatMap((d) => d.hosts) ?? [];
        const region = new Map(hosts.map((h) => [h.name, h.region]));
        const perRegion = new Map<string, number>();
        canary.forEach((h) =>
          perRegion.set(region.get(h) ?? '', (perRegion.get(region.get(h) ?? '') ?? 0) + 1),
        );
        const regions = new Set(hosts.map((h) => h.region)).size;
        expect(perRegion.size).toBe(Math.min(regions, canary.length));
        const counts = [...perRegion.values()];
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(
          // A region can run out of hosts; then others take more.
          hosts.length < 3 * count ? count : 1,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('segmentation of the demo fleet', () => {
  it('refuses a ring that would be empty instead of returning it silently', () => {
    const hosts: FleetHost[] = [
      { name: 'h1', region: 'us-east', zone: 'a' },
      { name: 'h2', region: 'us-east', zone: 'b' },
    ];
    const r = build(hosts, [{ count: 2 }, { percent: 10 }], false);
    expect(r.ok).toBe(false);
    // A percent ring is refused where its percent is written, with why it cannot fit.
    expect(r.ok ? [] : r.error.map((e) => e.message)).toContain(
      "percent 10 cannot fit a fleet of 2 hosts: the rings before 'r1' took every host (every ring needs at least one)",
    );
    const labelled = build(hosts, [{ count: 2 }, { labels: { region: 'eu' } }], false);
    expect(labelled.ok ? [] : labelled.error.map((e) => e.message)).toContain(
      "ring 'r1' is empty (its selector leaves it no host)",
    );
  });

  it('turns budgets into host counts (percent rounds down) and hashes the plan stably', () => {
    const r = planFromText(
      planText(
        Array.from({ length: 20 }, (_, i) => ({
          name: `h${i}`,
          region: 'us-east',
          zone: i % 2 ? 'a' : 'b',
        })),
        [{ count: 4 }],
        false,
      ).replace('"bake":"1s"', '"bake":"1s","budget":{"perDomain":"50%","ring":"30%"}'),
      'budget.yaml',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    const ring = r.value.plan.rings[0];
    expect(ring?.maxFailedHosts).toBe(1); // floor(30% of 4)
    expect(ring?.maxFailedHostsPerDomain).toBe(
      Math.floor(0.5 * Math.min(...(ring?.domains ?? []).map((d) => d.hosts.length))),
    );
    expect(r.value.plan.planHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
