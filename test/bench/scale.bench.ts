/**
 * Fleet-scale benchmark: whole rehearsals at 1,000, 2,000, 5,000 and 10,000 hosts, then the
 * cost of opening and verifying a 1,000,000-event journal. Prints figures; asserts nothing.
 *
 *   npm run bench:scale              (SCALE_SIZES=1000,2000 to choose the sizes;
 *                                     SCALE_CPU_PROF=DIR for a CPU profile of each run;
 *                                     SCALE_MEM_PRELOAD=test/bench/alloc-preload.mjs for
 *                                     what grew the engine's heap, see alloc-agg.mjs;
 *                                     SCALE_SIM_PRELOAD=... for the fleet's process)
 *
 * Each rehearsal is `ringside run PLAN --auto-promote --until end` (four rings, 0 s bakes,
 * concurrency 100, update domains by zone over 3 regions x 3 zones) over real SSH against a
 * simulated fleet of N hosts served by another process (test/bench/scale-sim.ts), so the
 * engine's CPU and the fleet's are measured apart. One line a size, the largest last:
 *
 *   scale hosts=N rehearsal_s=X engine_cpu_s=Y sim_cpu_s=Z peak_rss_mb=W max_fds=F outcome=done|...
 *
 * rehearsal_s is the run's wall time; engine_cpu_s its user+system CPU (process.resourceUsage
 * at exit, through a preload); sim_cpu_s the fleet process's CPU during the run (from /proc);
 * peak_rss_mb the sum of both processes' peak RSS (an upper bound of the pair's peak);
 * max_fds the largest sum of both processes' open descriptors seen (sampled every 100 ms).
 * Then `scale resume_1m_s=R resume_rss_mb=M` (a driver resuming that journal) and, last,
 * `scale open_1m_s=T verify_1m_s=V` (see journal-open.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import YAML from 'yaml';
import { procStats } from '../helpers/proc-stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
// The CLI as users run it (the bundle `npm run build` makes), not the sources through tsx:
// the loader's own memory and compile time are not Ringside's.
const BIN = path.join(ROOT, 'dist', 'cli.js');
if (!existsSync(BIN)) {
  throw new Error('bench:scale measures dist/cli.js: run `npm run build` first');
}
const SIZES = (process.env.SCALE_SIZES ?? '1000,2000,5000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const LATENCY_SCALE = process.env.SCALE_LATENCY ?? '0.05';
function planText(): string {
  const step = (name: string, command: string) => ({ name, command, timeout: '60s' });
  return YAML.stringify({
    release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
    fleet: { inventories: [{ path: 'inventory.yaml' }] },
    domains: { byLabel: 'zone' },
    rings: [
      { name: 'canary', select: { percent: 1 }, spreadBy: 'region', bake: '0s' },
      { name: 'early', select: { percent: 9 }, bake: '0s' },
      { name: 'broad', select: { percent: 40 }, bake: '0s' },
      { name: 'global', select: { rest: true }, bake: '0s' },
    ].map((r) => ({ ...r, promotion: 'manual', budget: { perDomain: '5%', ring: '2%' } })),
    deploy: {
      steps: [
        step('install', 'appctl install {{version}}'),
        { ...step('status', 'appctl status'), idempotent: true },
      ],
      rollback: [step('reinstall', 'appctl install {{previous}}')],
      concurrency: 100,
      parallelDomains: 1,
    },
  });
}

// The simulated fleet is bundled like the CLI, so neither process carries tsx's loader.
const SIM = path.join(ROOT, 'dist', 'bench', 'scale-sim.mjs');
buildSync({
  entryPoints: [path.join(HERE, 'scale-sim.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  outfile: SIM,
  logLevel: 'warning',
});

async function startSim(hosts: number, dir: string) {
  // SCALE_SIM_PRELOAD=FILE: a preload for the fleet's process too (its allocation profile goes
  // to sim-alloc.heapprofile).
  const preload = process.env.SCALE_SIM_PRELOAD;
  const child = spawn(
    process.execPath,
    [
      ...(preload ? ['--import', pathToFileURL(path.resolve(preload)).href] : []),
      SIM,
      String(hosts),
      dir,
      LATENCY_SCALE,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, RINGSIDE_ALLOC_PROFILE: 'sim-alloc.heapprofile' },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`scale-sim exited ${code} before ready`)));
  });
  return child;
}

async function rehearsal(hosts: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-scale-'));
  const sim = await startSim(hosts, dir);
  const simPid = sim.pid ?? 0;
  try {
    writeFileSync(path.join(dir, 'plan.yaml'), planText());
    const rusageFile = path.join(dir, 'rusage.json');
    const simBefore = procStats(simPid);
    const t0 = performance.now();
    const run = spawn(
      process.execPath,
      [
        // SCALE_CPU_PROF=DIR: a V8 CPU profile of the engine's process, to see where it spends.
        ...(process.env.SCALE_CPU_PROF
          ? ['--cpu-prof', '--cpu-prof-dir', process.env.SCALE_CPU_PROF]
          : []),
        '--import',
        path.join(HERE, 'rusage-preload.mjs'),
        // SCALE_MEM_PRELOAD=FILE: another preload (e.g. one logging process.memoryUsage()).
        ...(process.env.SCALE_MEM_PRELOAD
          ? ['--import', pathToFileURL(path.resolve(process.env.SCALE_MEM_PRELOAD)).href]
          : []),
        BIN,
        'run',
        path.join(dir, 'plan.yaml'),
        '--auto-promote',
        '--until',
        'end',
        '--journal',
        path.join(dir, 'journal'),
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: path.join(dir, 'home'),
          RINGSIDE_BENCH_RUSAGE: rusageFile,
          // Where alloc-preload.mjs writes its profile, when that preload is used.
          ...(process.env.RINGSIDE_ALLOC_PROFILE
            ? { RINGSIDE_ALLOC_PROFILE: process.env.RINGSIDE_ALLOC_PROFILE }
            : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    run.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    run.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    let maxFds = 0;
    const sampler = setInterval(() => {
      const a = procStats(run.pid ?? 0);
      const b = procStats(simPid);
      maxFds = Math.max(maxFds, (a?.fds ?? 0) + (b?.fds ?? 0));
    }, 100);
    const code = await new Promise<number | null>((resolve) => run.once('close', resolve));
    clearInterval(sampler);
    const wall = (performance.now() - t0) / 1000;
    const simAfter = procStats(simPid);
    if (!existsSync(rusageFile)) {
      throw new Error(`ringside run wrote no resource usage (exit ${code}):\n${out}`);
    }
    const usage = JSON.parse(readFileSync(rusageFile, 'utf8')) as {
      userCPUTime: number;
      systemCPUTime: number;
      maxRSS: number;
    };
    const engineCpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    const simCpu = (simAfter?.cpuS ?? 0) - (simBefore?.cpuS ?? 0);
    const peak = usage.maxRSS / 1024 + (simAfter?.hwmMb ?? 0);
    const last = out.trim().split('\n').pop() ?? '';
    const outcome = code === 0 ? 'done' : `exit-${code}(${last.replace(/\s+/g, '_').slice(0, 80)})`;
    // Where the memory is, before the line the issue fixes.
    console.log(
      `scale-detail hosts=${hosts} engine_peak_rss_mb=${Math.round(usage.maxRSS / 1024)} sim_peak_rss_mb=${Math.round(simAfter?.hwmMb ?? 0)}`,
    );
    return `scale hosts=${hosts} rehearsal_s=${wall.toFixed(1)} engine_cpu_s=${engineCpu.toFixed(1)} sim_cpu_s=${simCpu.toFixed(1)} peak_rss_mb=${Math.round(peak)} max_fds=${maxFds} outcome=${outcome}`;
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** journal-open.ts's `scale …` lines: the resumed driver's, then open_1m and verify_1m last. */
function journalFigures(): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'journal-open.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('scale '));
  return lines.length > 0 ? lines.join('\n') : `scale journal figures failed (exit ${r.status})`;
}

const lines: string[] = [];
for (const n of SIZES.sort((a, b) => a - b)) {
  console.log(`rehearsing ${n} hosts...`);
  const line = await rehearsal(n);
  console.log(line);
  lines.push(line);
}
if (process.env.SCALE_SKIP_JOURNAL !== '1') {
  console.log(journalFigures());
}
