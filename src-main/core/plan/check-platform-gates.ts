/**
 * A platform gate watches infrastructure every ring shares, read the same whatever ring is
 * active. It therefore needs a metric that is not read per host of a ring: a `promql` metric
 * (asked once, untemplated by ring) or an `http-probe` of one shared endpoint (a URL without
 * host variables). A scrape, ssh-probe or logs metric, or a probe URL naming a host, is read
 * from the active ring's and baseline's hosts only, so such a platform gate would say "no ring
 * data" for ever; a metric shared with ring gates is templated by ring, and a baseline gate
 * has no baseline to compare the platform with. Each is refused where it is written.
 */
import type { PlanError } from './errors';
import type { Locate } from './positions';
import type { PlanDocument } from './schema';
import { scanTemplate } from './template-vars';

/** Problems of platform gates whose metric is read per host, shared, or compared with nothing. */
export function checkPlatformGates(doc: PlanDocument, file: string, locate: Locate): PlanError[] {
  const errors: PlanError[] = [];
  const sources = doc.telemetry?.sources ?? [];
  const metrics = doc.telemetry?.metrics ?? [];
  const gates = doc.gates ?? [];
  const at = (i: number, key: string, message: string) => {
    const p = locate(['gates', i, key]);
    errors.push({ file, line: p.line, col: p.col, message });
  };
  gates.forEach((g, i) => {
    if (g.platform !== true || g.kind === 'sequential' || g.kind === 'cloudwatch-alarms') {
      return; // a sequential platform gate is refused by the reference checks; alarms are shared
    }
    if (g.kind === 'baseline') {
      at(
        i,
        'kind',
        `gate '${g.name}': a platform gate has no baseline to compare with: use threshold`,
      );
      return;
    }
    const m = metrics.find((x) => x.name === g.metric);
    const src = m && sources.find((s) => s.name === m.source);
    if (!m || !src) {
      return; // unknown names are reported by the reference checks
    }
    const shared =
      src.kind === 'http-probe' &&
      (() => {
        const scan = scanTemplate(src.url);
        return scan.ok && scan.refs.every((r) => !r.name.startsWith('host.'));
      })();
    if (m.kind !== 'promql' && !shared) {
      const how =
        src.kind === 'http-probe' ? 'an http-probe whose URL names a host' : `a ${src.kind} source`;
      at(
        i,
        'metric',
        `platform gate '${g.name}': metric '${m.name}' is read per host (${how}), so it has no ` +
          `platform-wide value; expected a promql metric or an http-probe of one shared endpoint`,
      );
      return;
    }
    const ringGate = gates.find(
      (x) => x.platform !== true && x.kind !== 'cloudwatch-alarms' && x.metric === g.metric,
    );
    if (ringGate) {
      at(
        i,
        'metric',
        `platform gate '${g.name}': metric '${m.name}' is also read by ring gate '${ringGate.name}', ` +
          `which scopes it to each ring; expected a metric of its own for the platform gate`,
      );
    }
  });
  return errors;
}
