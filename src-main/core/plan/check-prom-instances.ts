/**
 * `{{ring.instances}}` in a PromQL query names the ring's targets by Prometheus' `instance`
 * label, `address:port`. Without a port for them (the Prometheus source's `instancePort`, or
 * a scrape source's port) the query could only ever match nothing, every gate on it would be
 * inconclusive for ever, and every ring would need an override: refuse the plan instead.
 */
import type { PlanError } from './errors';
import type { Locate } from './positions';
import type { PlanDocument } from './schema';
import { scanTemplate } from './template-vars';

/** Problems of PromQL metrics that name instances no port is known for. */
export function checkPromInstances(doc: PlanDocument, file: string, locate: Locate): PlanError[] {
  const sources = doc.telemetry?.sources ?? [];
  const scrapePort = sources.some((s) => s.kind === 'scrape');
  const errors: PlanError[] = [];
  (doc.telemetry?.metrics ?? []).forEach((m, i) => {
    if (m.kind !== 'promql') {
      return;
    }
    const src = sources.find((s) => s.name === m.source);
    if (src?.kind !== 'prometheus' || src.instancePort !== undefined || scrapePort) {
      return;
    }
    const uses = (q: string | undefined) => {
      const scan = q === undefined ? null : scanTemplate(q);
      return scan?.ok === true && scan.refs.some((r) => r.name === 'ring.instances');
    };
    if (uses(m.query) || uses(m.baselineQuery)) {
      const p = locate(['telemetry', 'metrics', i, 'query']);
      errors.push({
        file,
        line: p.line,
        col: p.col,
        message:
          `metric '${m.name}' uses {{ring.instances}}, but no port is known for the targets' ` +
          `instance label: expected instancePort on prometheus source '${src.name}' ` +
          `(e.g. instancePort: 9100) or a scrape source`,
      });
    }
  });
  return errors;
}
