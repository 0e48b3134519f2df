/**
 * Cloud discovery benchmark: a simulated AWS account of N instances (4 regions, 3 zones each)
 * on 127.0.0.1, discovered through the production path — the official EC2 client with
 * AWS_ENDPOINT_URL and the SDK's default credential chain, every page of every region, each
 * request's SigV4 signature verified by the simulator. Prints figures; asserts nothing.
 *
 *   npm run bench:cloud [-- --hosts 1000 --runs 5]     (tsx test/bench/cloud.bench.ts)
 *
 * Then SSM fan-out: the same N instances as simulated hosts, `appctl install` sent to each
 * through the SSM executor as rollout steps of one update domain (steps with the same command
 * share a SendCommand of up to --concurrency instances; GetCommandInvocation polled per
 * instance with the production backoff, 100 ms doubling to 2 s), --concurrency at once
 * (default 50, as a plan's deploy.concurrency). The simulated agent runs each command over SSH on its host.
 *
 * Last line: `cloud hosts=N discover_s=X ssm_hps=Y` (X the median of the runs; Y instances
 * whose command finished per second).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { simAccountInstances, startSimAws } from '../../src-main/sim/cloud-aws';
import { createSsmExecutor } from '../../src-main/adapters/cloud-aws';
import { execOnSimHost, startSimFleet } from '../../src-main/sim';

/** Instances whose `appctl install` finished through SSM per second. */
async function ssmFanout(count: number, concurrency: number): Promise<number> {
  const instances = simAccountInstances({ count, regions: ['eu-west-1'], stoppedPerRegion: 0 });
  const fleet = await startSimFleet({
    hosts: instances.map((i) => ({ name: i.instanceId })),
    latencyScale: 0,
    routedMetrics: true,
  });
  const aws = await startSimAws({
    instances,
    ssmAgent: (id, script, signal) => {
      const h = fleet.host(id);
      return h ? execOnSimHost(fleet, h, script, { signal }) : Promise.reject(new Error(id));
    },
  });
  const executor = createSsmExecutor({
    access: { endpoint: aws.endpoint, credentials: aws.credentials },
  });
  try {
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < instances.length; i = next++) {
          const inst = instances[i];
          const r = await executor.execStep(
            {
              name: inst?.instanceId ?? '',
              address: inst?.privateIpAddress ?? '',
              port: 22,
              labels: { 'aws.instanceId': inst?.instanceId ?? '', 'aws.region': 'eu-west-1' },
            },
            'appctl install 2.0.0',
            { rollout: 'bench@0', phase: 'deploy', step: 'install', attempt: 1, startedAt: 0 },
            // One update domain: steps with the same command share SendCommands.
            { key: 'bench\nall', concurrency, maxErrors: 0 },
            { timeoutMs: 30_000 },
          );
          failed += r.result.kind === 'ok' ? 0 : 1;
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const changed = instances.filter((i) => fleet.state(i.instanceId)?.version === '2.0.0').length;
    console.log(
      `ssm: ${count} instances, ${concurrency} at once, ${s.toFixed(2)} s, ${failed} failed, ${changed} hosts now run 2.0.0, ${aws.ssm.sent()} invocations in ${aws.ssm.commands().length} SendCommands`,
    );
    return count / s;
  } finally {
    await executor.close();
    await aws.stop();
    await fleet.stop();
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const hosts = arg('hosts', 1000);
const runs = arg('runs', 5);
const concurrency = arg('concurrency', 50);
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'];
const dir = mkdtempSync(join(tmpdir(), 'ringside-cloud-bench-'));
const sim = await startSimAws({
  instances: simAccountInstances({ count: hosts, regions, stoppedPerRegion: 0 }),
});
try {
  Object.assign(process.env, {
    ...sim.env('us-east-1'),
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  writeFileSync(
    join(dir, 'plan.yaml'),
    [
      'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
      'fleet:',
      '  defaults: { user: deploy }',
      `  inventories: [{ aws: { regions: [${regions.join(', ')}], filters: { 'tag:app': shop } } }]`,
      'domains: { byLabel: aws.az }',
      'rings: [{ name: canary, select: { count: 4 }, spreadBy: aws.region, bake: 0s }, { name: rest, select: { rest: true }, bake: 0s }]',
      "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
    ].join('\n'),
  );
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const loaded = await loadPlanFromFile(join(dir, 'plan.yaml'));
    const s = (performance.now() - t0) / 1000;
    if (!loaded.ok) {
      throw new Error(loaded.error.map((e) => e.message).join('\n'));
    }
    if (loaded.value.plan.hosts.length !== hosts) {
      throw new Error(`discovered ${loaded.value.plan.hosts.length} hosts, expected ${hosts}`);
    }
    times.push(s);
    console.log(
      `run ${r + 1}: ${hosts} instances in ${regions.length} regions discovered and planned in ${s.toFixed(3)} s`,
    );
  }
  const stats = sim.stats();
  console.log(
    `simulated EC2: ${stats.requests} signed requests verified, ${Object.keys(stats.refused).length} kinds refused`,
  );
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const hps = await ssmFanout(hosts, concurrency);
  console.log(`cloud hosts=${hosts} discover_s=${median.toFixed(3)} ssm_hps=${hps.toFixed(1)}`);
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
