import type { Prng } from './prng';
import type { HealthProfile } from './profiles';

/**
 * Log lines a simulated host writes: INFO request lines, and ERROR lines carrying the
 * signatures log-signal gates look for (`ERROR db timeout after 3021ms trace_id=... user=...`).
 */

const paths = ['/api/orders', '/api/cart', '/api/users', '/api/search', '/healthz'];

function hex(rng: Prng, chars: number): string {
  let s = '';
  while (s.length < chars) {
    s += rng.nextUint32().toString(16).padStart(8, '0');
  }
  return s.slice(0, chars);
}

function pick<T>(rng: Prng, xs: readonly T[], fallback: T): T {
  return xs[Math.floor(rng.next() * xs.length)] ?? fallback;
}

/** The error signatures, each a function of the PRNG so numbers and ids vary. */
const errorMessages: readonly ((rng: Prng) => string)[] = [
  (r) => `db timeout after ${3000 + Math.floor(r.next() * 100)}ms`,
  (r) => `upstream payments returned 503 after ${200 + Math.floor(r.next() * 800)}ms`,
  (r) => `panic: nil pointer dereference in handler ${pick(r, paths, '/api')}`,
];

/** One log line in journald's short format: `2026-11-26T07:30:01.123Z host app[PID]: LEVEL ...`. */
export function logLine(
  host: string,
  pid: number,
  profile: HealthProfile,
  atMs: number,
  rng: Prng,
): string {
  const prefix = `${new Date(atMs).toISOString()} ${host} app[${pid}]:`;
  const trace = `trace_id=${hex(rng, 32)} user=${1000 + Math.floor(rng.next() * 9000)}`;
  if (rng.next() < profile.errorLogShare) {
    const msg = pick(rng, errorMessages, errorMessages[0] ?? (() => 'error'))(rng);
    return `${prefix} ERROR ${msg} ${trace}`;
  }
  const ms = Math.max(1, Math.round(profile.latency.medianMs * Math.exp((rng.next() - 0.5) * 1.2)));
  return `${prefix} INFO GET ${pick(rng, paths, '/')} 200 in ${ms}ms ${trace}`;
}
