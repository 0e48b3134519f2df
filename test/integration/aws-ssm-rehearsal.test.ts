/**
 * deploy: { via: ssm } end to end: examples/aws-ssm.yaml rehearses to the end with every step
 * sent through the simulated Run Command (real SSM client, SigV4 verified) to the simulated
 * hosts; the wiring below checks commands reach SSM and change the host; a plan whose hosts
 * are not EC2 instances is refused at validation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { formatPlanError } from '../../src-main/core/plan';
import { startRehearsal } from '../../src-main/runtime/sim-rehearsal';
import { startSsmRehearsal } from '../../src-main/runtime/sim-ssm';
import { startRehearsalAccount } from '../../src-main/sim/cloud-aws';
import { describeRun, killAllRingside, ringside } from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-aws-ssm-'));
afterAll(() => {
  killAllRingside();
  rmSync(tmp, { recursive: true, force: true });
});

describe('deploy via ssm', () => {
  it('the rehearsal sends each step through SSM to the instance and its simulated host changes', async () => {
    const account = await startRehearsalAccount();
    const loaded = await loadPlanFromFile('examples/aws-ssm.yaml', {
      aws: async () => ({ endpoint: account.endpoint, credentials: account.credentials }),
    });
    await account.stop();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) {
      return;
    }
    expect(loaded.value.plan.deploy.via).toBe('ssm');
    const rehearsal = await startRehearsal(loaded.value.plan, { latencyScale: 0 });
    const ssm = await startSsmRehearsal(rehearsal.plan, rehearsal.fleet);
    try {
      const host = rehearsal.plan.hosts[0];
      expect(host).toBeDefined();
      if (!host) {
        return;
      }
      const r = await ssm.executor.exec(host, 'appctl install 9.9.9', { timeoutMs: 10_000 });
      expect(r.kind).toBe('ok');
      expect(ssm.sent()).toBe(1);
      expect(rehearsal.fleet.state(host.name)?.version).toBe('9.9.9');
    } finally {
      await ssm.stop();
      await rehearsal.stop();
    }
  });

  it('a plan whose hosts are not EC2 instances is refused, naming deploy.via', async () => {
    writeFileSync(
      join(tmp, 'plan.yaml'),
      [
        'release: { name: web, version: 2.0.0, previous: 1.0.0 }',
        'fleet: { hosts: [{ name: web-1, address: 10.0.0.1 }, { name: web-2, address: 10.0.0.2 }] }',
        'domains: { count: 1 }',
        'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
        "deploy: { via: ssm, steps: [{ name: s, command: 'true', timeout: 5s }] }",
      ].join('\n'),
    );
    const r = await loadPlanFromFile(join(tmp, 'plan.yaml'));
    expect(r.ok ? [] : r.error.map(formatPlanError)).toEqual([
      `${join(tmp, 'plan.yaml')}:5:16: deploy via ssm needs every host from an aws inventory (labels aws.instanceId and aws.region): host 'web-1' and 1 more have none`,
    ]);
  });

  it('ringside run examples/aws-ssm.yaml --sim --auto-promote --until end exits 0', async () => {
    const r = await ringside(
      [
        'run',
        'examples/aws-ssm.yaml',
        '--sim',
        '--auto-promote',
        '--until',
        'end',
        '--journal',
        join(tmp, 'j'),
      ],
      { env: { HOME: join(tmp, 'home'), AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('finished: every ring deployed and accepted');
  }, 180_000);
});
