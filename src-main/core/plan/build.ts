import { parseDuration } from '../duration';
import { canonicalJsonSha256, pureSha256, type TextHasher } from '../hash';
import type { Host } from '../model/host';
import type { RingPlan, RolloutPlan, StepPlan } from '../model/plan';
import { assignRings } from '../segmentation/assign-rings';
import { budgetHosts, splitDomains } from '../segmentation/domains';
import { checkBakeGates } from './check-bake-gates';
import { checkPlatformGates } from './check-platform-gates';
import { checkPromInstances } from './check-prom-instances';
import { checkReferences, templateSites } from './check-references';
import { fail, ok, sortPlanErrors, type PlanError, type Result } from './errors';
import { resolveFleet, type InventoryHosts } from './fleet';
import { parsePlanText, type ParsedPlan } from './parse';
import type { PlanDocument } from './schema';
import type { BakeDoc } from './schema-rings';
import type { StepDoc } from './schema-deploy';
import { checkSsmHosts } from './check-ssm-hosts';
import { scanTemplate } from './template-vars';
import { sample } from '../segmentation/assign-rings';

/** A plan ready to run: the resolved plan, the document it came from, and warnings. */
export interface BuiltPlan {
  readonly plan: RolloutPlan;
  readonly document: PlanDocument;
  readonly warnings: readonly PlanError[];
}

/**
 * Resolves a parsed plan and its inventories' hosts into a {@link RolloutPlan}: fleet,
 * references, template variables, rings, update domains, budgets and the plan hash. All
 * problems are returned together, sorted by position.
 */
export function buildRolloutPlan(
  parsed: ParsedPlan,
  inventories: readonly InventoryHosts[],
  /** SHA-256 for the plan hash; node:crypto's where the caller has it (the same digest). */
  hasher: () => TextHasher = pureSha256,
): Result<BuiltPlan, PlanError[]> {
  const { document: doc, file, locate } = parsed;
  const errors: PlanError[] = [
    ...checkReferences(doc, file, locate),
    ...checkBakeGates(doc, file, locate),
    ...checkPromInstances(doc, file, locate),
    ...checkPlatformGates(doc, file, locate),
  ];
  const fleet = resolveFleet(parsed, inventories);
  errors.push(...fleet.errors);
  errors.push(...checkLabelVariables(parsed, fleet.hosts));
  errors.push(...checkSsmHosts(doc.deploy.via, fleet.hosts, file, locate));
  const assignment = assignRings(doc, fleet.hosts, file, locate);
  errors.push(...assignment.errors);
  const split = splitDomains(doc, fleet.hosts, assignment.rings, file, locate);
  errors.push(...split.errors);
  if (errors.length > 0) {
    return fail(sortPlanErrors(errors));
  }
  const rings: RingPlan[] = doc.rings.map((r, i) => {
    const domains = split.domains[i] ?? [];
    const size = assignment.rings[i]?.length ?? 0;
    const smallestDomain = Math.min(...domains.map((d) => d.hosts.length));
    return {
      name: r.name,
      domains,
      bakeMs: bakeMs(r.bake),
      gates: r.gates ?? [],
      promotion: r.promotion === 'auto' ? 'auto' : 'manual',
      approvals: typeof r.promotion === 'object' ? r.promotion.approvals : 1,
      maxFailedHosts: budgetHosts(r.budget?.ring, size),
      maxFailedHostsPerDomain: budgetHosts(r.budget?.perDomain, smallestDomain),
      rollbackOnHalt: r.rollbackOnHalt ?? false,
    };
  });
  const d = doc.deploy;
  const body = {
    release: { ...doc.release },
    hosts: fleet.hosts,
    rings,
    deploy: {
      steps: d.steps.map(stepPlan),
      rollback: (d.rollback ?? []).map(stepPlan),
      ...(d.verify ? { verify: stepPlan(d.verify) } : {}),
      concurrency: d.concurrency ?? 1,
      parallelDomains: d.parallelDomains ?? 1,
      onHalt: d.onHalt ?? 'finish',
      ...(d.via === 'ssm' ? { via: 'ssm' as const } : {}),
    },
  };
  // The hash covers the resolved plan, not the text: reformatting the YAML or moving hosts
  // between inventory files does not change it, a different assignment does.
  // Telemetry and gates are part of the identity too: resuming a journal with a loosened
  // threshold or a different query would silently change what "healthy" meant for it.
  const policy = { telemetry: doc.telemetry ?? null, gates: doc.gates ?? null };
  const planHash = canonicalJsonSha256(
    { ...body, hosts: body.hosts.map(withoutOrigin), policy },
    hasher(),
  );
  return ok({
    // Listed after hashing: the policy above already covers the gates, and a plan's hash
    // must not change for journals created before platform gates were listed here.
    plan: {
      planHash,
      ...body,
      platformGates: (doc.gates ?? []).filter((g) => g.platform === true).map((g) => g.name),
    },
    document: doc,
    warnings: sortPlanErrors(assignment.warnings),
  });
}

/** Parses and builds a plan whose fleet is inline only (tests, sim, previews of pasted text). */
export function planFromText(text: string, file: string): Result<BuiltPlan, PlanError[]> {
  const parsed = parsePlanText(text, file);
  if (!parsed.ok) {
    return parsed;
  }
  const invs = parsed.value.document.fleet.inventories ?? [];
  if (invs.length > 0) {
    const p = parsed.value.locate(['fleet', 'inventories']);
    return fail([
      { file, ...p, message: 'inventories need the file loader (use loadPlanFromFile)' },
    ]);
  }
  return buildRolloutPlan(parsed.value, []);
}

/** Total bake time: one duration, or wait + stayHealthy when written as phases. */
export function bakeMs(bake: BakeDoc): number {
  if (typeof bake === 'string') {
    return parseDuration(bake) ?? 0;
  }
  return (
    (parseDuration(bake.wait) ?? 0) +
    (bake.stayHealthy ? (parseDuration(bake.stayHealthy) ?? 0) : 0)
  );
}

function stepPlan(s: StepDoc): StepPlan {
  return {
    name: s.name,
    command: s.command,
    timeoutMs: parseDuration(s.timeout) ?? 0,
    idempotent: s.idempotent ?? false,
  };
}

function withoutOrigin(h: Host): Omit<Host, 'origin'> {
  const { origin: _origin, ...rest } = h;
  return rest;
}

/** `{{host.labels.NAME}}` must resolve on every host, or the step would fail mid-rollout. */
function checkLabelVariables(parsed: ParsedPlan, hosts: readonly Host[]): PlanError[] {
  const errors: PlanError[] = [];
  for (const site of templateSites(parsed.document)) {
    const scan = scanTemplate(site.template);
    if (!scan.ok || !site.hostLabels) {
      continue;
    }
    for (const [nth, ref] of scan.refs.entries()) {
      const m = /^host\.labels\.(.+)$/.exec(ref.name);
      const label = m?.[1];
      if (label === undefined) {
        continue;
      }
      const missing = hosts.filter((h) => !Object.hasOwn(h.labels, label)).map((h) => h.name);
      if (missing.length > 0) {
        const p = parsed.locate(site.path, 'value', nth);
        errors.push({
          file: parsed.file,
          ...p,
          message: `template variable '{{${ref.name}}}': ${missing.length === 1 ? 'host' : 'hosts'} ${sample(missing)} ${missing.length === 1 ? 'has' : 'have'} no label '${label}'`,
        });
      }
    }
  }
  return errors;
}
