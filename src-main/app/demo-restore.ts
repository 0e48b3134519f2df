/**
 * The demo's simulated fleet lives in the console's process, so a restart brings up a new
 * fleet on which every host runs the plan's original version. Resuming a journaled rollout
 * against that fleet would be a lie (hosts the journal knows as updated would report the old
 * version). So before the rollout resumes, each simulated host is put back on the version
 * the journal says it runs: the rollout's previous version, then every install step the
 * journal records as succeeded, in order. A step journaled as started but never finished
 * is taken as not having happened: the rehearsal plays the crash where the command never
 * reached the host, and the engine's in-doubt handling re-runs or verifies it.
 */
import type { Host } from '../core/model/host';
import type { RolloutPlan } from '../core/model/plan';
import type { RolloutEvent } from '../core/rollout';
import { renderStep } from '../runtime/step-runner';
import { parseShell } from '../sim/shell-parse';

/**
 * The version a rendered command sets on a simulated host (sim/interpreter.ts: `appctl
 * install V`, `appctl rollback V`), read with the simulator's own parser, so the rendered
 * form (`RS_version='2.4.0'; appctl install "${RS_version}"`) reads as the host would.
 */
function installedVersion(command: string): string | undefined {
  const parsed = parseShell(command);
  if (!parsed.ok || parsed.commands.length !== 1) {
    return undefined;
  }
  const [name, sub, version, ...rest] = parsed.commands[0]?.words ?? [];
  return name === 'appctl' && (sub === 'install' || sub === 'rollback') && rest.length === 0
    ? version
    : undefined;
}

/** The version each host of `plan` runs after the journaled events, as the simulator sees it. */
export function simVersionsFromJournal(
  plan: RolloutPlan,
  events: readonly RolloutEvent[],
): Map<string, string> {
  const versions = new Map(plan.hosts.map((h) => [h.name, plan.release.previous]));
  const hosts = new Map<string, Host>(plan.hosts.map((h) => [h.name, h]));
  for (const e of events) {
    if (e.type !== 'HostStepSucceeded' || e.phase === 'verify') {
      continue;
    }
    const host = hosts.get(e.host);
    const steps = e.phase === 'deploy' ? plan.deploy.steps : plan.deploy.rollback;
    const step = steps.find((s) => s.name === e.step);
    if (!host || !step) {
      continue;
    }
    const rendered = renderStep(plan, { ring: e.ring, domain: e.domain, host, step });
    const installed = rendered.ok ? installedVersion(rendered.command) : undefined;
    if (installed !== undefined) {
      versions.set(host.name, installed);
    }
  }
  return versions;
}
