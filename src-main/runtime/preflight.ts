/**
 * Checks done before a real run touches any host, each problem one line saying what and
 * where: a step command that does not render for some host (unknown variable, missing
 * label), an identity file that cannot be read, a known_hosts file that cannot be read.
 */
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import { renderStep } from './step-runner';

function unreadable(file: string): string | null {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile() ? null : 'not a file';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  }
}

/** Problems that make a plan unfit to run; empty when it can run. */
export function preflight(
  plan: RolloutPlan,
  o: { readonly home?: string; readonly checkFiles: boolean },
): string[] {
  const problems: string[] = [];
  const where = new Map<string, { ring: string; domain: string }>();
  for (const r of plan.rings) {
    for (const d of r.domains) {
      for (const h of d.hosts) {
        where.set(h, { ring: r.name, domain: d.name });
      }
    }
  }
  const steps = [
    ...plan.deploy.steps,
    ...plan.deploy.rollback,
    ...(plan.deploy.verify ? [plan.deploy.verify] : []),
  ];
  const seen = new Set<string>();
  for (const host of plan.hosts) {
    const at = where.get(host.name);
    if (!at) {
      continue;
    }
    for (const step of steps) {
      const r = renderStep(plan, { ...at, host, step });
      // One line per step and problem, not per host: a typo would otherwise print 1,000 lines.
      const key = r.ok ? '' : `${step.name}:${r.message.replace(host.name, '')}`;
      if (!r.ok && !seen.has(key)) {
        seen.add(key);
        problems.push(`plan step ${step.name}: ${r.message}`);
      }
    }
  }
  if (!o.checkFiles) {
    return problems;
  }
  const keys = new Set(plan.hosts.flatMap((h) => (h.identityFile ? [h.identityFile] : [])));
  for (const k of keys) {
    const why = unreadable(k);
    if (why !== null) {
      const user = plan.hosts.find((h) => h.identityFile === k);
      problems.push(`identity file ${k} (host ${user?.name ?? '?'}) ${why}`);
    }
  }
  const knownHosts = path.join(o.home ?? os.homedir(), '.ssh', 'known_hosts');
  const why = unreadable(knownHosts);
  if (why !== null && why !== 'does not exist') {
    problems.push(`known_hosts file ${knownHosts} ${why}`);
  }
  return problems;
}
