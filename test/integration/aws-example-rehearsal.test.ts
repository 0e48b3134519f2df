/**
 * examples/aws.yaml end to end: `ringside run … --sim --auto-promote --until end` reads the
 * fleet from the simulated AWS account (SigV4-checked DescribeInstances), rehearses it over
 * SSH on the simulated hosts with update domains by availability zone, and exits 0 — in an
 * environment with no AWS settings at all (nothing to export for a rehearsal).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rehearsalAccountInstances } from '../../src-main/sim/cloud-aws';
import { describeRun, journalEvents, killAllRingside, ringside } from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-aws-example-'));
afterAll(() => {
  killAllRingside();
  rmSync(tmp, { recursive: true, force: true });
});

describe('examples/aws.yaml', () => {
  it('rehearses on the simulated account and finishes (exit 0), one update domain per AZ', async () => {
    const journal = join(tmp, 'journal');
    const r = await ringside(
      [
        'run',
        'examples/aws.yaml',
        '--sim',
        '--auto-promote',
        '--until',
        'end',
        '--journal',
        journal,
      ],
      { env: { HOME: join(tmp, 'home'), AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('finished: every ring deployed and accepted');
    const created = (await journalEvents(journal)).find((e) => e.type === 'RolloutCreated');
    const plan = created && 'plan' in created ? created.plan : null;
    const want = rehearsalAccountInstances().filter(
      (i) => i.state === 'running' && (i.region === 'us-east-1' || i.region === 'eu-west-1'),
    );
    expect(plan?.hosts.map((h) => h.name).sort()).toEqual(want.map((i) => i.instanceId).sort());
    const domains = new Set(plan?.rings.flatMap((ring) => ring.domains.map((d) => d.name)));
    expect(domains).toEqual(new Set(want.map((i) => i.availabilityZone)));
    const web =
      plan?.rings.find((ring) => ring.name === 'web')?.domains.flatMap((d) => d.hosts) ?? [];
    const tier = new Map(want.map((i) => [i.instanceId, i.tags.tier]));
    expect(web.length).toBeGreaterThan(0);
    expect(web.every((h) => tier.get(h) === 'web')).toBe(true);
  }, 180_000);
});
