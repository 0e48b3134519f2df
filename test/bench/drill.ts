/**
 * Drills: the telemetry gates against the simulated fleet through the real engine. Prints
 * figures; asserts nothing about time (the machine is shared and noisy).
 *
 *   npm run drill -- bad [--source scrape|prometheus]   1,000 hosts, rings 1/10/50/rest;
 *       errors 0.5% -> 3%, then p99 latency +30%. Blast radius and seconds to halt.
 *   npm run drill -- good [--runs 50] [--source S]      unchanged profile + per-host traffic
 *       noise, canary + early rings with short bakes: false halts, time vs bakes.
 *   npm run drill -- lowtraffic                          a canary at 0.2 req/s: the gate's verdict.
 *
 * Last lines: `drill bad source=S hosts=1000 exposed=N detect_s=X halted=yes|no`,
 * `drill good source=S runs=R false_halts=F`, `drill lowtraffic verdict=V`.
 */
import type { BuiltPlan } from '../../src-main/core/plan';
import type { BadKind } from '../../src-main/sim';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus';
import { drillPlan, type DrillPlanOptions } from './drill-plan';
import { resetFleet, runRollout, startDrillFleet, type DrillFleet } from './drill-rig';

type Source = 'scrape' | 'prometheus';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Prometheus scraping the fleet at 1 s, and the same plan reading its gates from it. */
async function withSource(
  fleet: DrillFleet,
  base: Omit<DrillPlanOptions, 'source'>,
  source: Source,
): Promise<{ telemetry: BuiltPlan; prom: RunningPrometheus | null }> {
  if (source === 'scrape') {
    return { telemetry: drillPlan({ ...base, source: { kind: 'scrape' } }), prom: null };
  }
  const prom = await startPrometheus({
    targets: fleet.rehearsal.fleet.hosts.map((h) => `${h.address}:${h.metricsPort}`),
    scrapeInterval: 1,
  });
  await prom.waitForSeries('http_requests_total', 90_000);
  return {
    telemetry: drillPlan({ ...base, source: { kind: 'prometheus', url: prom.url } }),
    prom,
  };
}

async function bad(source: Source, runs: number): Promise<void> {
  const only = arg('kind');
  const kinds: BadKind[] = only === 'errors' || only === 'latency' ? [only] : ['errors', 'latency'];
  let worst = { exposed: 0, detect: 0 as number | null, halted: true };
  const detects: number[] = [];
  for (let run = 0; run < runs * kinds.length; run++) {
    const kind = kinds[run % kinds.length] ?? 'errors';
    const base = {
      hosts: 1000,
      version: '2.0.0-bad',
      rings: [
        ['canary', 1, '60s'],
        ['early', 10, '60s'],
        ['broad', 50, '60s'],
        ['global', 'rest', '0s'],
      ] as const,
    };
    const fleetPlan = drillPlan({ ...base, source: { kind: 'scrape' } });
    const fleet = await startDrillFleet(fleetPlan, { seed: 11 + run, badKind: kind });
    const { telemetry, prom } = await withSource(fleet, base, source);
    try {
      const run = await runRollout(fleet, telemetry, [{ until: 'end', autoPromote: true }]);
      const bad = fleet.switches.filter(
        (s) => s.version.includes('bad') && (run.haltAt === null || s.atMs <= run.haltAt),
      );
      const exposed = new Set(bad.map((s) => s.host)).size;
      const firstBad = bad[0]?.atMs ?? null;
      const detect =
        run.haltAt !== null && firstBad !== null ? (run.haltAt - firstBad) / 1000 : null;
      const canarySize = fleetPlan.plan.rings[0]?.domains.flatMap((d) => d.hosts).length ?? 0;
      const halted = run.state.rings.find((r) => r.halt !== null);
      console.log(
        `bad ${kind}: outcome ${run.outcomes.map((o) => o.kind).join(',')}, halted ring ${halted?.name ?? 'none'} by ${halted?.halt?.gate ?? '-'}; ` +
          `exposed ${exposed} hosts (canary ${canarySize}); first bad host -> halt ${detect?.toFixed(1) ?? 'n/a'} s (target <= 3 s)`,
      );
      if (halted?.halt?.summary) {
        console.log(`  summary: ${halted.halt.summary}`);
      }
      console.log(
        `drill bad source=${source} hosts=1000 exposed=${exposed} detect_s=${detect?.toFixed(1) ?? 'na'} halted=${halted ? 'yes' : 'no'} kind=${kind}`,
      );
      if (detect !== null) {
        detects.push(detect);
      }
      worst = {
        exposed: Math.max(worst.exposed, exposed),
        detect: detect === null || worst.detect === null ? null : Math.max(worst.detect, detect),
        halted: worst.halted && halted !== undefined,
      };
    } finally {
      await prom?.stop();
      await fleet.stop();
    }
  }
  const sorted = [...detects].sort((a, b) => a - b);
  console.log(
    `bad: ${detects.length} halts; seconds to halt min ${sorted[0]?.toFixed(1)} median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} max ${sorted[sorted.length - 1]?.toFixed(1)}`,
  );
  // The summary line is the worst run.
  console.log(
    `drill bad source=${source} hosts=1000 exposed=${worst.exposed} detect_s=${worst.detect?.toFixed(1) ?? 'na'} halted=${worst.halted ? 'yes' : 'no'}`,
  );
}

async function good(source: Source, runs: number): Promise<void> {
  const hosts = Number(arg('hosts') ?? 1000);
  const bake = arg('bake') ?? '2s';
  const base = {
    hosts,
    version: '2.0.0',
    rings: [
      ['canary', 1, bake],
      ['early', 10, bake],
      ['rest', 'rest', '0s'],
    ] as const,
  };
  const fleetPlan = drillPlan({ ...base, source: { kind: 'scrape' } });
  // Realistic noise: per-host traffic between 10 and 30 req/s (seeded), on top of Poisson counts.
  let x = 7;
  const rps = new Map(
    fleetPlan.plan.hosts.map((h) => {
      x = (x * 48271) % 2147483647;
      return [h.name, 10 + (x / 2147483647) * 20];
    }),
  );
  const fleet = await startDrillFleet(fleetPlan, { seed: 5, rpsOf: (h) => rps.get(h) ?? 20 });
  const { telemetry, prom } = await withSource(fleet, base, source);
  let falseHalts = 0;
  let promotable = 0;
  let wall = 0;
  const bakes = 2 * (Number.parseFloat(bake) || 0);
  try {
    for (let i = 0; i < runs; i++) {
      resetFleet(fleet, '1.0.0');
      const run = await runRollout(fleet, telemetry, [
        { until: 'ring', autoPromote: false },
        { until: 'ring', autoPromote: false },
      ]);
      const halted = run.state.rings.find((r) => r.halt !== null);
      if (halted) {
        falseHalts++;
        console.log(`run ${i + 1}: FALSE HALT in ${halted.name}: ${halted.halt?.reason ?? ''}`);
      }
      const early = run.state.rings[1];
      if (early && Object.values(early.gates).every((g) => g.outcome === 'pass')) {
        promotable++;
      }
      wall += (run.endedAt - run.startedAt) / 1000;
      if ((i + 1) % 10 === 0) {
        console.log(`... ${i + 1} runs, ${falseHalts} false halts`);
      }
    }
  } finally {
    await prom?.stop();
    await fleet.stop();
  }
  console.log(
    `good: ${runs} runs on ${hosts} hosts (canary + early, bake ${bake} each): ${falseHalts} false halts; ` +
      `${promotable} runs with every early gate passing; mean ${(wall / runs).toFixed(1)} s per run vs ${bakes} s of bakes`,
  );
  console.log(`drill good source=${source} runs=${runs} false_halts=${falseHalts}`);
}

async function lowTraffic(): Promise<void> {
  const base = {
    hosts: 100,
    version: '2.0.0',
    rings: [
      ['canary', 1, '10s'],
      ['rest', 'rest', '0s'],
    ] as const,
    tests: ['counts'] as const,
  };
  const plan = drillPlan({ ...base, source: { kind: 'scrape' } });
  const canary = new Set(plan.plan.rings[0]?.domains.flatMap((d) => d.hosts) ?? []);
  const fleet = await startDrillFleet(plan, {
    seed: 3,
    rpsOf: (h) => (canary.has(h) ? 0.2 : 20),
  });
  try {
    const run = await runRollout(fleet, plan, [{ until: 'ring', autoPromote: false }]);
    const gates = Object.values(run.state.rings[0]?.gates ?? {});
    const verdict = gates.some((g) => g.outcome === 'fail')
      ? 'fail'
      : gates.length > 0 && gates.every((g) => g.outcome === 'pass')
        ? 'pass'
        : 'inconclusive';
    for (const [name, g] of Object.entries(run.state.rings[0]?.gates ?? {})) {
      console.log(`lowtraffic: ${name} ${g.outcome}: ${String(g.evidence['reason'] ?? '')}`);
    }
    console.log(`drill lowtraffic verdict=${verdict}`);
  } finally {
    await fleet.stop();
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const source = (arg('source') ?? 'scrape') as Source;
  if (source !== 'scrape' && source !== 'prometheus') {
    throw new Error(`--source: expected scrape or prometheus, got ${String(source)}`);
  }
  switch (mode) {
    case 'bad':
      return bad(source, Number(arg('runs') ?? 1));
    case 'good':
      return good(source, Number(arg('runs') ?? 50));
    case 'lowtraffic':
      return lowTraffic();
    default:
      throw new Error(
        'usage: npm run drill -- bad|good|lowtraffic [--source scrape|prometheus] [--runs N]',
      );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
