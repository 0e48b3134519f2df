import { formatDuration } from '../core/duration';
import { estimateDuration } from '../core/plan';
import type { RolloutPlan } from '../core/model/plan';
import { approvalsNeeded } from '../core/rollout';
import { Exit, parseVerbArgs, type Verb } from './args';
import { loadPlanForVerb } from './verb-validate';
import { preflightLines } from '../core/preflight';
import { runPreflight } from '../runtime/telemetry/preflight-run';

const usage = `Usage: ringside preview FILE [--json] [--preflight [--sim]]

Shows how the plan cuts the fleet: per ring its hosts, share of the fleet, update domains
with their hosts, labels covered, bake, gates and budgets; then a duration estimate.

  --json   print {"release":{...},"fleet":{"hosts":N},"rings":[{"name","hosts","percent",
           "bake","domains":[{"name","hosts":[...]}],...}],"estimate":{"minSeconds",...}}
  --preflight  measure baseline traffic (two scrapes ~2 s apart) and print, per ring, the
           smallest error-rate and latency regression its gates catch within its bake at
           the plan's alpha, with warnings; exit 1 when the fleet cannot be measured
  --sim    with --preflight: measure a simulated fleet serving the plan's hosts

The estimate adds every bake and the deploy steps (domains in batches of parallelDomains,
hosts in waves of concurrency); the minimum counts steps at their 'expected' time (0 if
unset), the maximum at their timeout; operator time before manual promotion is not counted.
Exit 2 with FILE:LINE:COL errors when the plan is invalid.`;

/** The preview as data: the shape `--json` prints (extra fields beyond the issue's are fine). */
export function previewJson(plan: RolloutPlan, estimate: ReturnType<typeof estimateDuration>) {
  const total = plan.hosts.length;
  const byName = new Map(plan.hosts.map((h) => [h.name, h]));
  return {
    release: plan.release,
    planHash: plan.planHash,
    fleet: { hosts: total },
    rings: plan.rings.map((r) => {
      const names = r.domains.flatMap((d) => d.hosts);
      const labels: Record<string, string[]> = {};
      for (const n of names) {
        for (const [k, v] of Object.entries(byName.get(n)?.labels ?? {})) {
          labels[k] = [...new Set([...(labels[k] ?? []), v])].sort();
        }
      }
      return {
        name: r.name,
        hosts: names.length,
        percent: total === 0 ? 0 : Math.round((names.length * 1000) / total) / 10,
        bake: formatDuration(r.bakeMs),
        domains: r.domains.map((d) => ({ name: d.name, hosts: [...d.hosts] })),
        labels,
        gates: [...r.gates],
        promotion: r.promotion,
        /** Distinct people who must approve its promotion (1: whoever promotes). */
        approvals: approvalsNeeded(r),
        maxFailedHosts: r.maxFailedHosts,
        maxFailedHostsPerDomain: r.maxFailedHostsPerDomain,
        rollbackOnHalt: r.rollbackOnHalt,
      };
    }),
    /** Gates on shared infrastructure: read whatever ring is active; each must pass to promote. */
    platformGates: [...(plan.platformGates ?? [])],
    estimate,
  };
}

export const previewVerb: Verb = {
  name: 'preview',
  summary: 'show rings, update domains and a duration estimate',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('preview', argv, {
      json: { type: 'boolean' },
      preflight: { type: 'boolean' },
      sim: { type: 'boolean' },
    });
    const loaded = await loadPlanForVerb('preview', positionals, io);
    if (!loaded.ok) {
      return loaded.code;
    }
    const { plan, document } = loaded.built;
    const view = previewJson(plan, estimateDuration(plan, document));
    const preflight =
      values.preflight === true
        ? await runPreflight(loaded.built, { sim: values.sim === true })
        : null;
    if (preflight?.ok === false) {
      io.err(preflight.message);
      return Exit.internal;
    }
    if (values.json === true) {
      io.out(JSON.stringify(preflight ? { ...view, preflight } : view, null, 2));
      return Exit.ok;
    }
    const { release } = plan;
    io.out(
      `release ${release.name} ${release.version} (previous ${release.previous}` +
        `${release.digest !== undefined ? `, digest ${release.digest}` : ''}): ` +
        `${view.fleet.hosts} hosts in ${view.rings.length} rings, plan ${plan.planHash.slice(0, 12)}`,
    );
    for (const r of view.rings) {
      io.out('');
      io.out(
        `ring ${r.name}: ${r.hosts} hosts (${r.percent}% of fleet), bake ${r.bake}, ` +
          `promotion ${r.promotion}${r.approvals > 1 ? ` (${r.approvals} approvals)` : ''}, gates: ${r.gates.length > 0 ? r.gates.join(', ') : 'none'}`,
      );
      io.out(
        `  budget: halts when more than ${r.maxFailedHosts} of its hosts or more than ${r.maxFailedHostsPerDomain} of one update domain fail` +
          (r.rollbackOnHalt ? '; rolls back on halt' : ''),
      );
      io.out(
        `  labels: ${Object.entries(r.labels)
          .map(([k, vs]) => `${k}=${vs.join(',')}`)
          .join('  ')}`,
      );
      for (const d of r.domains) {
        io.out(`  domain ${d.name} (${d.hosts.length}): ${d.hosts.join(', ')}`);
      }
    }
    io.out('');
    if (view.platformGates.length > 0) {
      io.out(
        `platform gates (every ring; each must pass before any promotion): ${view.platformGates.join(', ')}`,
      );
      io.out('');
    }
    const e = view.estimate;
    io.out(
      `estimate: at least ${formatDuration(e.minSeconds * 1000)}, at most ${formatDuration(e.maxSeconds * 1000)} ` +
        `(assumes ${e.assumes})`,
    );
    if (preflight?.ok === true) {
      io.out('');
      preflightLines(preflight.rings, preflight.traffic).forEach((l) => io.out(l));
    }
    return Exit.ok;
  },
};
