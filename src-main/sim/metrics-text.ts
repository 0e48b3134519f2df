import { LATENCY_BUCKETS, type HostTraffic } from './traffic';

/** Escapes a label value as the Prometheus text format 0.0.4 requires. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Formats a sample value: integers plainly, floats in shortest round-trip form. */
function num(v: number): string {
  if (v === Infinity) {
    return '+Inf';
  }
  return String(v);
}

/**
 * Renders one host's metrics in Prometheus text exposition format 0.0.4. Request codes are
 * listed in sorted order and 200/500/503 always appear (at 0) so series exist from the
 * first scrape, as real instrumented services expose them.
 */
export function renderMetrics(t: HostTraffic): string {
  const c = t.counters;
  const lines: string[] = [];
  lines.push(
    '# HELP http_requests_total HTTP requests served since the process started, by status code.',
  );
  lines.push('# TYPE http_requests_total counter');
  const codes = new Set(['200', '500', '503', ...c.byCode.keys()]);
  for (const code of [...codes].sort()) {
    lines.push(
      `http_requests_total{code="${escapeLabelValue(code)}"} ${num(c.byCode.get(code) ?? 0)}`,
    );
  }
  lines.push('# HELP http_request_duration_seconds Latency of HTTP requests.');
  lines.push('# TYPE http_request_duration_seconds histogram');
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((le, i) => {
    cumulative += c.buckets[i] ?? 0;
    lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${cumulative}`);
  });
  cumulative += c.buckets[LATENCY_BUCKETS.length] ?? 0;
  lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${cumulative}`);
  lines.push(`http_request_duration_seconds_sum ${num(c.sumSeconds)}`);
  lines.push(`http_request_duration_seconds_count ${c.count}`);
  lines.push('# HELP process_restarts_total Unplanned restarts (crashes) seen by the supervisor.');
  lines.push('# TYPE process_restarts_total counter');
  lines.push(`process_restarts_total ${t.crashes}`);
  lines.push(
    '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
  );
  lines.push('# TYPE process_start_time_seconds gauge');
  lines.push(`process_start_time_seconds ${num(t.processStartMs / 1000)}`);
  lines.push('# HELP app_build_info Version of the running build.');
  lines.push('# TYPE app_build_info gauge');
  lines.push(`app_build_info{version="${escapeLabelValue(t.version)}"} 1`);
  return lines.join('\n') + '\n';
}
