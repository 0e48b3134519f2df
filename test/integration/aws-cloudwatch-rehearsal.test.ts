/**
 * examples/aws-bad.yaml end to end through the shipped CLI (dist/cli.js): the rehearsal
 * starts a simulated CloudWatch over its simulated hosts, the canary's -bad release trips its
 * Auto Scaling group's 5xx alarm, the cloudwatch-alarms gate reads it with the real SDK, and
 * the run halts, rolls back and exits 4, naming the alarm and CloudWatch's reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/built-cli';
import { describeRun, journalEvents, killAllRingside, ringside } from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-aws-cloudwatch-'));
let bin = '';
beforeAll(async () => {
  bin = await buildCli();
}, 120_000);
afterAll(() => {
  killAllRingside();
  rmSync(tmp, { recursive: true, force: true });
});

describe('examples/aws-bad.yaml', () => {
  it('halts the canary on a CloudWatch alarm, rolls it back and exits 4', async () => {
    const journal = join(tmp, 'journal');
    const r = await ringside(['run', 'examples/aws-bad.yaml', '--sim', '--journal', journal], {
      bin,
      env: { HOME: join(tmp, 'home'), AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(r.code, describeRun(r)).toBe(4);
    const alarmLine =
      /alarm (shop-(web|api|worker)-(us-east-1|eu-west-1)-5xx) \((us-east-1|eu-west-1)\) is in alarm: Threshold Crossed: 1 out of the last 1 datapoints \[[0-9.]+ \([0-9/: ]+\)\] was greater than the threshold \(0\.02\)/;
    expect(r.stdout).toMatch(alarmLine);
    expect(r.stdout).toContain('HALTED: gate shop-5xx-alarms failed');
    const events = await journalEvents(journal);
    const halted = events.find((e) => e.type === 'RingHalted');
    expect(halted && 'ring' in halted ? halted.ring : null).toBe('canary');
    const summary = halted && 'summary' in halted ? String(halted.summary) : '';
    expect(summary).toMatch(
      /^Gate shop-5xx-alarms failed for ring canary: CloudWatch reports (an alarm|[2-6] alarms) in ALARM: shop-\S+-5xx \(\S+\) since \d\d:\d\d:\d\d: Threshold Crossed/,
    );
    // The alarm that fired is the one of the canary host's own group, in its region.
    const created = events.find((e) => e.type === 'RolloutCreated');
    const plan = created && 'plan' in created ? created.plan : null;
    const canary = new Set(plan?.rings[0]?.domains.flatMap((d) => d.hosts) ?? []);
    const groups = new Set(
      plan?.hosts.filter((h) => canary.has(h.name)).map((h) => `${h.labels['aws.asg']}-5xx`),
    );
    const fired = [...summary.matchAll(/(shop-\S+-5xx) \(/g)].map((m) => m[1] ?? '');
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.filter((a) => !groups.has(a))).toEqual([]);
    expect(events.some((e) => e.type === 'RollbackCompleted')).toBe(true);
  }, 240_000);
});
