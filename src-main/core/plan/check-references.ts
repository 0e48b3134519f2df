import { analyzeShellTemplate, refusalMessage } from '../shell-template';
import { urlTemplateRefusals } from '../url-template';
import type { PlanError } from './errors';
import type { DocPath, Locate } from './positions';
import type { PlanDocument } from './schema';
import {
  isKnownVariable,
  probeVariables,
  queryVariables,
  scanTemplate,
  sshProbeVariables,
  stepVariables,
} from './template-vars';

/** A template found in the plan, where it is, and which variables it may use. */
export interface TemplateSite {
  readonly path: DocPath;
  readonly template: string;
  readonly allowed: readonly string[];
  readonly hostLabels: boolean;
  /** How values are rendered there: shell commands, URLs, or PromQL (query-template). */
  readonly kind: 'shell' | 'url' | 'promql';
}

/** Every template of the plan with the variables allowed there. */
export function templateSites(doc: PlanDocument): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const step = (path: DocPath, template: string) =>
    sites.push({ path, template, allowed: stepVariables, hostLabels: true, kind: 'shell' });
  doc.deploy.steps.forEach((s, i) => step(['deploy', 'steps', i, 'command'], s.command));
  (doc.deploy.rollback ?? []).forEach((s, i) =>
    step(['deploy', 'rollback', i, 'command'], s.command),
  );
  if (doc.deploy.verify) {
    step(['deploy', 'verify', 'command'], doc.deploy.verify.command);
  }
  (doc.telemetry?.sources ?? []).forEach((s, i) => {
    if (s.kind === 'ssh-probe') {
      sites.push({
        path: ['telemetry', 'sources', i, 'command'],
        template: s.command,
        allowed: sshProbeVariables,
        hostLabels: true,
        kind: 'shell',
      });
    } else if (s.kind === 'http-probe') {
      sites.push({
        path: ['telemetry', 'sources', i, 'url'],
        template: s.url,
        allowed: probeVariables,
        hostLabels: false,
        kind: 'url',
      });
    }
  });
  (doc.telemetry?.metrics ?? []).forEach((m, i) => {
    if (m.kind === 'promql') {
      sites.push({
        path: ['telemetry', 'metrics', i, 'query'],
        template: m.query,
        allowed: queryVariables,
        hostLabels: false,
        kind: 'promql',
      });
      if (m.baselineQuery !== undefined) {
        sites.push({
          path: ['telemetry', 'metrics', i, 'baselineQuery'],
          template: m.baselineQuery,
          allowed: queryVariables,
          hostLabels: false,
          kind: 'promql',
        });
      }
    }
  });
  return sites;
}

/**
 * Checks that need the whole document but no hosts: names defined once, every name used is
 * defined, template variables exist, selector combinations make sense.
 */
export function checkReferences(doc: PlanDocument, file: string, locate: Locate): PlanError[] {
  const errors: PlanError[] = [];
  const at = (path: DocPath, message: string, where: 'key' | 'value' = 'value', nth?: number) => {
    const p = locate(path, where, nth);
    errors.push({ file, line: p.line, col: p.col, message });
  };
  const unique = (what: string, base: DocPath, names: readonly string[]) => {
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      const first = seen.get(n);
      if (first !== undefined) {
        const p = locate([...base, first, 'name']);
        at([...base, i, 'name'], `duplicate ${what} name '${n}' (first defined at line ${p.line})`);
      } else {
        seen.set(n, i);
      }
    });
    return new Set(names);
  };
  unique(
    'ring',
    ['rings'],
    doc.rings.map((r) => r.name),
  );
  unique(
    'step',
    ['deploy', 'steps'],
    doc.deploy.steps.map((s) => s.name),
  );
  unique(
    'rollback step',
    ['deploy', 'rollback'],
    (doc.deploy.rollback ?? []).map((s) => s.name),
  );
  const sources = doc.telemetry?.sources ?? [];
  const metrics = doc.telemetry?.metrics ?? [];
  const gates = doc.gates ?? [];
  const sourceNames = unique(
    'source',
    ['telemetry', 'sources'],
    sources.map((s) => s.name),
  );
  const metricNames = unique(
    'metric',
    ['telemetry', 'metrics'],
    metrics.map((m) => m.name),
  );
  const gateNames = unique(
    'gate',
    ['gates'],
    gates.map((g) => g.name),
  );
  const list = (s: Set<string>) => (s.size > 0 ? [...s].join(', ') : 'none defined');

  doc.rings.forEach((ring, i) => {
    (ring.gates ?? []).forEach((g, j) => {
      if (!gateNames.has(g)) {
        at(
          ['rings', i, 'gates', j],
          `unknown gate '${g}' in ring '${ring.name}' (defined gates: ${list(gateNames)})`,
        );
      }
    });
    const sel = ring.select;
    if (sel.rest === true && i !== doc.rings.length - 1) {
      at(
        ['rings', i, 'select', 'rest'],
        `ring '${ring.name}' selects the rest, so it must be the last ring`,
        'key',
      );
    }
    if (ring.spreadBy !== undefined && sel.count === undefined && sel.percent === undefined) {
      at(
        ['rings', i, 'spreadBy'],
        `spreadBy needs a count or percent selector in ring '${ring.name}'`,
        'key',
      );
    }
    for (const key of ['perDomain', 'ring'] as const) {
      const b = ring.budget?.[key];
      if (typeof b === 'string' && Number.parseFloat(b) > 100) {
        at(['rings', i, 'budget', key], `budget ${b} out of range (expected at most 100%)`);
      }
    }
  });
  gates.forEach((g, i) => {
    // Platform health is shared by every ring, so there are no untouched hosts to compare
    // it with: a sequential platform gate would stay inconclusive for ever.
    if (g.kind === 'sequential' && g.platform === true) {
      at(
        ['gates', i, 'kind'],
        `gate '${g.name}': a platform gate has no baseline to compare with: use threshold`,
      );
    }
    if (g.kind !== 'cloudwatch-alarms' && !metricNames.has(g.metric)) {
      at(
        ['gates', i, 'metric'],
        `unknown metric '${g.metric}' in gate '${g.name}' (defined metrics: ${list(metricNames)})`,
      );
    }
  });
  metrics.forEach((m, i) => {
    const src = sources.find((s) => s.name === m.source);
    if (!sourceNames.has(m.source) || !src) {
      at(
        ['telemetry', 'metrics', i, 'source'],
        `unknown source '${m.source}' in metric '${m.name}' (defined sources: ${list(sourceNames)})`,
      );
    } else if ((m.kind === 'cloudwatch') !== (src.kind === 'cloudwatch')) {
      at(
        ['telemetry', 'metrics', i, 'source'],
        m.kind === 'cloudwatch'
          ? `cloudwatch metric '${m.name}' needs a cloudwatch source ('${m.source}' is ${src.kind})`
          : `${m.kind} metric '${m.name}' cannot read cloudwatch source '${m.source}' (expected kind: cloudwatch)`,
      );
    } else if (m.kind === 'promql' && src.kind !== 'prometheus') {
      at(
        ['telemetry', 'metrics', i, 'source'],
        `promql metric '${m.name}' needs a prometheus source ('${m.source}' is ${src.kind})`,
      );
    }
  });
  sources.forEach((s, i) => {
    if (s.kind === 'logs' && (s.unit === undefined) === (s.file === undefined)) {
      at(['telemetry', 'sources', i], `logs source '${s.name}' needs exactly one of unit, file`);
    }
  });
  for (const site of templateSites(doc)) {
    const scan = scanTemplate(site.template);
    if (!scan.ok) {
      const nth = site.template.slice(0, scan.unclosedAt).split('{{').length - 1;
      at(site.path, `unclosed '{{' (expected '}}' to end the template variable)`, 'value', nth);
      continue;
    }
    for (const [nth, ref] of scan.refs.entries()) {
      if (!isKnownVariable(ref.name, site.allowed, site.hostLabels)) {
        const allowed = [...site.allowed, ...(site.hostLabels ? ['host.labels.NAME'] : [])];
        at(
          site.path,
          `unknown template variable '{{${ref.name}}}' (expected one of: ${allowed.join(', ')})`,
          'value',
          nth,
        );
      } else if (ref.name === 'digest' && doc.release.digest === undefined) {
        // {{digest}} could render for no host at all in a plan that pins none.
        at(
          site.path,
          "template variable '{{digest}}' needs the release's digest: expected release.digest " +
            "(e.g. digest: 'sha256:…') in the plan",
          'value',
          nth,
        );
      }
    }
    for (const refusal of templateRefusals(site)) {
      at(site.path, refusal.message, 'value', braceIndex(site.template, refusal.offset));
    }
  }
  return errors;
}

/** The index of the `{{` at `offset` among the template's `{{` (how positions are located). */
function braceIndex(template: string, offset: number): number {
  return template.slice(0, offset).split('{{').length - 1;
}

/** Placeholders a site's renderer would refuse whatever the values (see core/shell-template). */
function templateRefusals(site: TemplateSite): { offset: number; message: string }[] {
  switch (site.kind) {
    case 'shell': {
      const a = analyzeShellTemplate(site.template);
      return a.ok
        ? a.slots
            .filter((s) => s.refusal !== null)
            .map((s) => ({ offset: s.offset, message: refusalMessage(s) }))
        : [];
    }
    case 'url':
      return urlTemplateRefusals(site.template);
    case 'promql':
      return [];
    default: {
      const never: never = site.kind;
      return never;
    }
  }
}
