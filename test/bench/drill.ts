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
 * `bad --runs N` runs each kind N times and prints, per kind, the median and worst time to
 * halt beside the oracle: Wald's SPRT knowing the true rates (drill-oracle.ts).
 * Last lines: `drill bad source=S hosts=1000 runs=N exposed=E detect_s=MEDIAN detect_max_s=WORST oracle_s=O halted=yes|no`,
 * `drill good source=S runs=R false_halts=F`, `drill lowtraffic verdict=V`.
 */
import type { BuiltPlan } from '../../src-main/core/plan';
import type { BadKind } from '../../src-main/sim';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus';
import { drillPlan, type DrillPlanOptions } from './drill-plan';
import { drillOracleInputs, sprtSeconds } from './drill-oracle';
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
  const perKind = new Map<BadKind, { detects: number[]; exposed: number; halted: boolean }>();
  let canaryHosts = 0;
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
      canaryHosts = fleetPlan.plan.rings[0]?.domains.flatMap((d) => d.hosts).length ?? 0;
      const halted = run.state.rings.find((r) => r.halt !== null);
      console.log(
        `bad ${kind}: outcome ${run.outcomes.map((o) => o.kind).join(',')}, halted ring ${halted?.name ?? 'none'} by ${halted?.halt?.gate ?? '-'}; ` +
          `exposed ${exposed} hosts (canary ${canaryHosts}); first bad host -> halt ${detect?.toFixed(1) ?? 'n/a'} s`,
      );
      if (halted?.halt?.summary) {
        console.log(`  summary: ${halted.halt.summary}`);
      }
      const k = perKind.get(kind) ?? { detects: [], exposed: 0, halted: true };
      perKind.set(kind, {
        detects: detect === null ? k.detects : [...k.detects, detect],
        exposed: Math.max(k.exposed, exposed),
        halted: k.halted && halted !== undefined,
      });
    } finally {
      await prom?.stop();
      await fleet.stop();
    }
  }
  // The oracle: Wald's SPRT knowing the true rates the drill sets, at the gates' alpha.
  // Ring: the canary's hosts; baseline: the 50 hosts the monitor samples; 20 req/s each.
  const rps = 20;
  const rows = kinds.map((kind) => {
    const k = perKind.get(kind) ?? { detects: [], exposed: 0, halted: false };
    const sorted = [...k.detects].sort((a, b) => a - b);
    const median =
      sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] ?? null);
    const worst = sorted.length === 0 ? null : (sorted[sorted.length - 1] ?? null);
    const inputs = drillOracleInputs(kind, {
      ringRps: canaryHosts * rps,
      baselineRps: 50 * rps,
      alpha: 0.01,
      delta: 0.1,
    });
    const oracle = sprtSeconds(inputs);
    console.log(
      `bad ${kind}: runs=${runs} halts=${k.detects.length} median_s=${median?.toFixed(1) ?? 'na'} worst_s=${worst?.toFixed(1) ?? 'na'} ` +
        `oracle_s=${oracle.toFixed(2)} goal_s=${(2 * oracle + 1).toFixed(2)} (oracle: SPRT on ${inputs.what}, ring ${inputs.ringRps} req/s at ${(inputs.pRing * 100).toFixed(3)}%, ` +
        `baseline ${inputs.baselineRps} req/s at ${(inputs.pBase * 100).toFixed(3)}%, alpha ${inputs.alpha}, H0 ratio ${1 + inputs.delta})`,
    );
    return { kind, k, median, worst, oracle };
  });
  // The last line: the kind whose median is slower; exposed and halted over all runs.
  const slow = [...rows].sort((a, b) => (b.median ?? Infinity) - (a.median ?? Infinity))[0];
  const exposed = Math.max(...rows.map((r) => r.k.exposed));
  const halted = rows.every((r) => r.k.halted && r.k.detects.length === runs);
  console.log(
    `drill bad source=${source} hosts=1000 runs=${runs} exposed=${exposed} detect_s=${slow?.median?.toFixed(1) ?? 'na'} ` +
      `detect_max_s=${slow?.worst?.toFixed(1) ?? 'na'} oracle_s=${slow?.oracle.toFixed(2) ?? 'na'} halted=${halted ? 'yes' : 'no'}`,
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
