import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PLAN_YAML } from '../../src-main/app';
import { planFromText } from '../../src-main/core/plan';
import { planVariant } from '../../src-main/app/plan-variant';

describe('embedded demo plan', () => {
  it('is examples/demo.yaml byte for byte (regenerate demo-plan-text.ts when it changes)', () => {
    expect(DEMO_PLAN_YAML).toBe(readFileSync('examples/demo.yaml', 'utf8'));
  });

  it('builds 60 hosts in 3 regions and 4 rings', () => {
    const built = planFromText(DEMO_PLAN_YAML, 'demo.yaml');
    if (!built.ok) {
      throw new Error(JSON.stringify(built.error));
    }
    const { plan } = built.value;
    expect(plan.hosts).toHaveLength(60);
    expect(new Set(plan.hosts.map((h) => h.labels.region)).size).toBe(3);
    expect(plan.rings.map((r) => r.name)).toEqual(['canary', 'early', 'broad', 'global']);
  });
});

describe('planVariant', () => {
  const built = planFromText(DEMO_PLAN_YAML, 'demo.yaml');
  const base = built.ok ? built.value.plan : null;

  it('keeps the plan (and its hash) when nothing changes', () => {
    expect(base && planVariant(base, { version: base.release.version })).toBe(base);
  });

  it('gives each release and bake its own hash, and keeps rings without bake unbaked', () => {
    if (!base) {
      throw new Error('demo plan did not build');
    }
    const bad = planVariant(base, { version: '2.4.1-bad' });
    const short = planVariant(base, { version: '2.4.1-bad', bakeMs: 2000 });
    expect(new Set([base.planHash, bad.planHash, short.planHash]).size).toBe(3);
    expect(bad.release).toEqual({ ...base.release, version: '2.4.1-bad' });
    expect(short.rings.map((r) => r.bakeMs)).toEqual([2000, 2000, 2000, 0]);
  });
});
