/**
 * The shared way onto the simulated fleet: the re-pointed plan reaches each host over real
 * SSH, and a host left out of known_hosts is refused as unknown (its key waits for approval).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SshExecutor } from '../../src-main/adapters/ssh';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { createSimExecutor, pointPlanAtSim } from '../../src-main/runtime/sim-executor';
import { startSimFleet, type SimFleet } from '../../src-main/sim';

const base = buildPlan([{ domains: [2] }]);
let fleet: SimFleet;
let dir: string;
let executor: SshExecutor;

beforeAll(async () => {
  fleet = await startSimFleet({
    hosts: base.hosts.map((h) => ({ name: h.name, labels: h.labels })),
    initialVersion: '1.0.0',
    seed: 2,
  });
  dir = await mkdtemp(path.join(tmpdir(), 'ringside-sim-executor-'));
  executor = await createSimExecutor(fleet, dir, new Set(['r0-d0-h1']));
});

afterAll(async () => {
  await executor?.close();
  await fleet?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('createSimExecutor + pointPlanAtSim', () => {
  it('points every host at its twin, dropping a ProxyJump', () => {
    const jumpy = { ...base, hosts: base.hosts.map((h) => ({ ...h, proxyJump: 'bastion' })) };
    const plan = pointPlanAtSim(jumpy, fleet);
    expect(plan.planHash).toBe(base.planHash);
    for (const h of plan.hosts) {
      const sim = fleet.host(h.name);
      expect(h).toMatchObject({ address: sim?.address, port: sim?.sshPort, user: fleet.user });
      expect(h.identityFile).toBe(fleet.clientKey.path);
      expect('proxyJump' in h).toBe(false);
    }
  });

  it('runs on a trusted host and refuses the untrusted one as unknown', async () => {
    const [trusted, untrusted] = pointPlanAtSim(base, fleet).hosts;
    if (!trusted || !untrusted) {
      throw new Error('the plan has two hosts');
    }
    const ok = await executor.exec(trusted, 'appctl version', { timeoutMs: 20_000 });
    expect(ok.kind).toBe('ok');
    const refused = await executor.exec(untrusted, 'appctl version', { timeoutMs: 20_000 });
    expect(refused.kind).toBe('host-key-unknown');
  });
});
