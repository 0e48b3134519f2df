/**
 * Plans for the drills: a generated fleet (sim-0001... over 3 regions x 3 zones), rings by
 * percentage, update domains by zone, the sim's appctl steps, and telemetry gates read from
 * a direct scrape or from Prometheus.
 */
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import { generatedHosts } from '../../src-main/sim';

/** What a drill plan varies. */
export interface DrillPlanOptions {
  readonly hosts: number;
  readonly version: string;
  /** Rings as [name, percent | 'rest', bake]. */
  readonly rings: readonly (readonly [string, number | 'rest', string])[];
  readonly source:
    { readonly kind: 'scrape' } | { readonly kind: 'prometheus'; readonly url: string };
  /** Which sequential tests gate the rings (default both). */
  readonly tests?: readonly ('counts' | 'latency')[];
  readonly concurrency?: number;
  readonly minSamples?: number;
}

/** Builds the plan; throws on a plan error (a bug in the drill). */
export function drillPlan(o: DrillPlanOptions): BuiltPlan {
  const hosts = generatedHosts(o.hosts)
    .map(
      (h) =>
        `    - { name: ${h.name}, address: ${h.name}.drill.invalid, labels: { region: ${h.labels?.['region'] ?? ''}, zone: ${h.labels?.['zone'] ?? ''} } }`,
    )
    .join('\n');
  const tests = o.tests ?? ['counts', 'latency'];
  const gates = tests.map((t) => (t === 'counts' ? 'errors-seq' : 'latency-seq'));
  const rings = o.rings
    .map(
      ([name, sel, bake]) =>
        `  - { name: ${name}, select: ${sel === 'rest' ? '{ rest: true }' : `{ percent: ${sel} }`}, bake: ${bake}, gates: [${gates.join(', ')}], rollbackOnHalt: true, budget: { perDomain: '50%', ring: '20%' } }`,
    )
    .join('\n');
  const source =
    o.source.kind === 'scrape'
      ? '    - { name: fleet, kind: scrape, port: 9100, path: /metrics, interval: 1s }'
      : `    - { name: fleet, kind: prometheus, url: '${o.source.url}', interval: 1s }`;
  const minSamples = o.minSamples ?? 50;
  const text = `release: { name: web, version: '${o.version}', previous: '1.0.0' }
fleet:
  defaults: { user: deploy, port: 22 }
  hosts:
${hosts}
domains: { byLabel: zone }
rings:
${rings}
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
    - { name: restart, command: appctl restart, timeout: 20s, idempotent: true }
    - { name: health, command: appctl health, timeout: 10s, idempotent: true }
  rollback:
    - { name: reinstall-previous, command: 'appctl install {{previous}}', timeout: 30s, idempotent: true }
  concurrency: ${o.concurrency ?? 25}
telemetry:
  sources:
${source}
  metrics:
    - { name: error_rate, source: fleet, kind: ratio, numerator: 'http_requests_total{code=~"5.."}', denominator: http_requests_total }
    - { name: p99_latency, source: fleet, kind: quantile, histogram: http_request_duration_seconds, q: 0.99 }
gates:
  - { name: errors-seq, metric: error_rate, kind: sequential, test: counts, alpha: 0.01, minSamples: ${minSamples} }
  - { name: latency-seq, metric: p99_latency, kind: sequential, test: latency, alpha: 0.01, minSamples: ${minSamples} }
`;
  const built = planFromText(text, 'drill.yaml');
  if (!built.ok) {
    throw new Error(
      `drill plan: ${built.error.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`,
    );
  }
  return built.value;
}
