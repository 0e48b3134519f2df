import { describe, expect, it } from 'vitest';
import { formatPlanError, parsePlanText, planFromText } from '../../src-main/core/plan';

const base = `release:
  name: web
  version: 2.4.0
  previous: 2.3.9
fleet:
  hosts:
    - name: h1
      address: h1.demo.invalid
      labels: { zone: a }
    - name: h2
      address: h2.demo.invalid
      labels: { zone: b }
domains:
  byLabel: zone
rings:
  - name: canary
    select: { count: 1 }
    bake: 10s
  - name: rest
    select: { rest: true }
    bake: { wait: 30s, healthyWithin: 1m, stayHealthy: 2m }
deploy:
  steps:
    - name: install
      command: appctl install {{version}}
      timeout: 30s
`;

function errors(text: string): string[] {
  const r = planFromText(text, 'p.yaml');
  return r.ok ? [] : r.error.map(formatPlanError);
}

describe('plan schema: errors with positions and what was expected', () => {
  it('accepts a small valid plan and resolves bake phases to wait + stayHealthy', () => {
    const r = planFromText(base, 'p.yaml');
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.plan.rings.map((x) => x.bakeMs)).toEqual([10_000, 150_000]);
    expect(r.ok && r.value.plan.deploy).toMatchObject({
      concurrency: 1,
      parallelDomains: 1,
      onHalt: 'finish',
    });
  });

  it('reports YAML syntax errors and duplicate keys at their position', () => {
    expect(errors('release: [a, b\nfleet: {}\n')[0]).toMatch(
      /^p\.yaml:1:10: YAML syntax: this \[ is never closed/,
    );
    expect(errors('release: 1\nrelease: 2\n')).toEqual([
      'p.yaml:2:1: YAML syntax: Map keys must be unique',
    ]);
    expect(errors('')).toEqual([
      'p.yaml:1:1: empty plan (expected a mapping with release, fleet, domains, rings, deploy)',
    ]);
  });

  it('points at unknown keys, naming the allowed ones', () => {
    expect(errors(base.replace('    bake: 10s\n', '    bake: 10s\n    bakeTime: 5s\n'))).toEqual([
      "p.yaml:19:5: unknown key 'bakeTime' in rings[0] (expected one of: name, select, spreadBy, bake, gates, promotion, budget, rollbackOnHalt)",
    ]);
  });

  it('points at the mapping that misses a key', () => {
    expect(errors(base.replace('      address: h2.demo.invalid\n', ''))).toEqual([
      "p.yaml:10:7: missing key 'address' in fleet.hosts[1] (expected an address (DNS name or IP))",
    ]);
  });

  it('reports every schema error, not just the first', () => {
    const text = base.replace('count: 1', 'count: 0').replace('timeout: 30s', 'timeout: soon');
    expect(errors(text)).toEqual([
      'p.yaml:17:22: rings[0].select.count: expected a whole number >= 1',
      "p.yaml:26:16: deploy.steps[0].timeout: invalid duration 'soon' (expected a duration like '500ms', '90s', '10m' or '1h30m')",
    ]);
  });

  it('validates telemetry and gates by kind', () => {
    const telemetry = `telemetry:
  sources:
    - { name: prom, kind: prometheus, url: 'http://127.0.0.1:9090', interval: 5s, tokenEnv: PROM_TOKEN, instancePort: 9100 }
    - { name: probe, kind: http-probe, url: 'http://127.0.0.1:8080/healthz?v={{version}}', interval: 2s }
    - { name: journal, kind: logs, unit: app.service, patterns: [ERROR, panic] }
  metrics:
    - { name: errors, source: prom, kind: promql, query: 'sum(rate(x{instance=~"{{ring.instances}}"}[1m]))', baselineQuery: 'sum(rate(x[1m]))' }
    - { name: p99, source: prom, kind: quantile, histogram: http_request_duration_seconds, q: 0.99 }
gates:
  - { name: err-seq, metric: errors, kind: sequential, test: counts }
  - { name: p99-base, metric: p99, kind: baseline, mode: difference, tolerance: 0.05, window: 1m }
`;
    expect(errors(base + telemetry)).toEqual([]);
    // The http probe is one shared URL: no host variables, and no value may pick the server.
    expect(
      errors(base + telemetry.replace('127.0.0.1:8080/healthz?v={{version}}', '{{version}}/h')),
    ).toEqual([
      "p.yaml:30:53: template variable '{{version}}' cannot be used here: it is in the URL's scheme or host, which a value must not choose; write the server literally and put values in the path or query",
    ]);
    expect(errors(base + telemetry.replace('?v={{version}}', '?h={{host.name}}'))).toEqual([
      "p.yaml:30:78: unknown template variable '{{host.name}}' (expected one of: version, previous)",
    ]);
    expect(errors(base + telemetry.replace('{{ring.instances}}', '{{host.name}}'))).toEqual([
      "p.yaml:33:81: unknown template variable '{{host.name}}' (expected one of: version, previous, ring, ring.instances, ring.hosts)",
    ]);
    expect(errors(base + telemetry.replace('kind: quantile', 'kind: histogram'))[0]).toBe(
      'p.yaml:34:40: telemetry.metrics[1].kind: expected a metric with kind one of: ratio, rate, quantile, gauge, promql, cloudwatch',
    );
    expect(errors(base + telemetry.replace('tolerance: 0.05', 'tolerance: -1'))[0]).toMatch(
      /^p\.yaml:37:\d+: gates\[1\]\.tolerance: /,
    );
    expect(
      errors(base + telemetry.replace('unit: app.service', 'unit: a, file: /var/log/app.log')),
    ).toEqual(["p.yaml:31:7: logs source 'journal' needs exactly one of unit, file"]);
  });

  it('reports uncovered hosts as a warning when allowUncovered is set', () => {
    const text = base.replace('select: { rest: true }', 'select: { labels: { zone: z } }');
    expect(errors(text)).toContain(
      "p.yaml:19:11: ring 'rest' is empty (its selector leaves it no host)",
    );
    const partial = `${base.replace(/ {2}- name: rest\n.*\n.*\n/, '')}allowUncovered: true\n`;
    const r = planFromText(partial, 'p.yaml');
    expect(r.ok && r.value.warnings.map(formatPlanError)).toEqual([
      'p.yaml:15:1: 1 host is in no ring: h1 (allowed by allowUncovered)',
    ]);
  });

  it('keeps the parsed document and positions for later consumers', () => {
    const r = parsePlanText(base, 'p.yaml');
    expect(r.ok && r.value.locate(['rings', 1, 'bake', 'stayHealthy'])).toEqual({
      line: 21,
      col: 56,
    });
  });
});
