/**
 * Plan validation benchmark: writes a plan whose fleet is an Ansible INI inventory of N hosts
 * (5 regions x 4 zones, spreadBy region, percent rings, domains by zone) and validates it
 * in a fresh child process with `ringside validate`'s loader, so peak RSS is its own.
 * Prints figures only; asserts nothing about time.
 *
 *   npm run bench:plan [-- --hosts 55000]     (tsx test/bench/plan.bench.ts)
 *
 * Last line: `plan hosts=N validate_s=X peak_mb=Y`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';

const REGIONS = ['ap-south', 'eu-central', 'eu-west', 'us-east', 'us-west'];
const ZONES = ['a', 'b', 'c', 'd'];

function writeFleet(dir: string, hosts: number): string {
  const lines: string[] = [];
  const perGroup = Math.ceil(hosts / (REGIONS.length * ZONES.length));
  let n = 0;
  for (const region of REGIONS) {
    for (const zone of ZONES) {
      lines.push(`[${region.replace('-', '_')}_${zone}]`);
      for (let i = 0; i < perGroup && n < hosts; i++, n++) {
        lines.push(
          `h${String(n).padStart(6, '0')} ansible_host=10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
        );
      }
      lines.push(
        `[${region.replace('-', '_')}_${zone}:vars]`,
        `region=${region}`,
        `zone=${zone}`,
        '',
      );
    }
  }
  writeFileSync(join(dir, 'hosts.ini'), lines.join('\n'));
  const plan = `release: { name: web, version: 2.4.0, previous: 2.3.9 }
fleet:
  defaults: { user: deploy }
  inventories:
    - { path: hosts.ini }
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 5 }, spreadBy: region, bake: 10m }
  - { name: early, select: { percent: 5 }, spreadBy: region, bake: 30m }
  - { name: broad, select: { percent: 40 }, spreadBy: region, bake: 30m }
  - { name: global, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'sudo /opt/app/deploy {{version}}', timeout: 5m, idempotent: true }
  concurrency: 50
`;
  writeFileSync(join(dir, 'plan.yaml'), plan);
  return join(dir, 'plan.yaml');
}

async function child(planPath: string): Promise<void> {
  const t0 = performance.now();
  const r = await loadPlanFromFile(planPath);
  const s = (performance.now() - t0) / 1000;
  if (!r.ok) {
    throw new Error(`the benchmark plan is invalid: ${JSON.stringify(r.error.slice(0, 3))}`);
  }
  const peak = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ s, peak, hosts: r.value.plan.hosts.length, rings: r.value.plan.rings.map((x) => x.domains.reduce((k, d) => k + d.hosts.length, 0)) })}\n`,
  );
}

function main(): void {
  const i = process.argv.indexOf('--hosts');
  const sizes = i > 0 ? [Number(process.argv[i + 1])] : [10_000, 55_000, 100_000];
  const dir = mkdtempSync(join(tmpdir(), 'ringside-plan-bench-'));
  try {
    for (const hosts of sizes) {
      const plan = writeFleet(dir, hosts);
      const out = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', plan],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (out.status !== 0) {
        throw new Error(`child failed: ${out.stderr}`);
      }
      const r = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as {
        s: number;
        peak: number;
        hosts: number;
        rings: number[];
      };
      console.log(`  rings ${r.rings.join('/')} hosts`);
      console.log(
        `plan hosts=${r.hosts} validate_s=${r.s.toFixed(2)} peak_mb=${Math.round(r.peak)}`,
      );
    }
  } finally {
    if (process.env.RINGSIDE_BENCH_KEEP === undefined) {
      rmSync(dir, { recursive: true, force: true });
    } else {
      console.log(`kept ${dir}`);
    }
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) {
  await child(process.argv[childAt + 1] ?? '');
} else {
  main();
}
