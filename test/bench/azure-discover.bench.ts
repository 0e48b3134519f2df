/**
 * Azure inventory benchmark: a simulated subscription of N VMs (4 resource groups, each with
 * VMs and a 50-instance scale set, 5 update domains, 3 fault domains) read through the real
 * @azure/arm-compute and @azure/identity clients over HTTPS, as `ringside hosts` reads it.
 * Prints figures only; asserts nothing about time.
 *
 *   npx tsx test/bench/azure-discover.bench.ts [--hosts 1000] [--page 100]
 *
 * Last line: `azure hosts=N discover_s=X arm_requests=R`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { simAzureAccess } from '../../src-main/runtime/sim-azure';
import { simulatedSubscription, startSimAzure } from '../../src-main/sim/cloud-azure';

const { values } = parseArgs({
  options: { hosts: { type: 'string' }, page: { type: 'string' } },
});
const hosts = Number(values.hosts ?? 1000);
const page = Number(values.page ?? 100);
const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const groups = ['rg-1', 'rg-2', 'rg-3', 'rg-4'];
const perGroup = Math.ceil(hosts / groups.length);
const subscription = simulatedSubscription({
  subscription: SUB,
  resourceGroups: groups,
  vmsPerGroup: perGroup - 50,
  scaleSetInstances: 50,
  tags: { app: 'web' },
});
const sim = await startSimAzure({ subscription, pageSize: page });
const dir = mkdtempSync(join(tmpdir(), 'ringside-azure-bench-'));
try {
  const plan = join(dir, 'plan.yaml');
  writeFileSync(
    plan,
    JSON.stringify({
      release: { name: 'web', version: '2', previous: '1' },
      fleet: {
        inventories: [
          { azure: { subscription: SUB, resourceGroups: groups, tags: { app: 'web' } } },
        ],
      },
      domains: { byLabel: 'azure.updateDomain' },
      rings: [{ name: 'all', select: { rest: true }, bake: '0s' }],
      deploy: { steps: [{ name: 's', command: 'appctl restart', timeout: '5s' }] },
    }),
  );
  const runs: number[] = [];
  let found = 0;
  for (let i = 0; i < 3; i++) {
    const access = simAzureAccess(sim); // a fresh credential each run: token fetch included
    const t0 = performance.now();
    const r = await loadPlanFromFile(plan, { clouds: { azure: async () => access } });
    runs.push((performance.now() - t0) / 1000);
    if (!r.ok) {
      throw new Error(r.error.map((e) => e.message).join('; '));
    }
    found = r.value.plan.hosts.length;
    console.log(`run ${i + 1}: ${found} hosts in ${runs.at(-1)?.toFixed(3)} s`);
  }
  const requests = [...sim.counts().values()].reduce((a, b) => a + b, 0) / runs.length;
  const best = Math.min(...runs);
  console.log(`azure hosts=${found} discover_s=${best.toFixed(3)} arm_requests=${requests}`);
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
