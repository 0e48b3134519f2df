import type { Prng } from './prng';
import { binomial, exponential, normalCdf, poisson } from './sampling';
import { logNormalParams, type HealthProfile } from './profiles';

/**
 * Lazily accrued request traffic of one simulated host. Nothing runs between reads: a read
 * advances the counters by the elapsed time × rps with exact Poisson / binomial /
 * multinomial draws, so 1,000 idle hosts cost nothing and a run is reproducible from its
 * seed and clock.
 */

/** Upper bounds (seconds) of the latency histogram buckets; +Inf is implicit. */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10,
];

/** Counters since the current process started; a restart zeroes them (a real counter reset). */
export interface TrafficCounters {
  /** Requests by HTTP status code. */
  readonly byCode: Map<string, number>;
  /** Per-bucket (not cumulative) counts, one more entry than LATENCY_BUCKETS for +Inf. */
  readonly buckets: number[];
  sumSeconds: number;
  count: number;
}

/** The traffic state of one host. Mutable on purpose: one per host, touched only by the fleet. */
export interface HostTraffic {
  version: string;
  profile: HealthProfile;
  /** Start of the running process (ms since epoch). */
  processStartMs: number;
  /** Time up to which counters have been accrued. */
  accruedUntilMs: number;
  /** Next crash of the running process, drawn when the process (re)starts. */
  nextCrashMs: number;
  /** Unplanned restarts (crashes); survives process restarts like a supervisor's count. */
  crashes: number;
  /** Process starts after the first: installs, rollbacks, `appctl restart` and crashes. */
  restarts: number;
  counters: TrafficCounters;
}

function emptyCounters(): TrafficCounters {
  return {
    byCode: new Map(),
    buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
    sumSeconds: 0,
    count: 0,
  };
}

interface BucketModel {
  /** P(latency in bucket i) for each bucket incl. +Inf. */
  readonly probs: readonly number[];
  /** E[latency | in bucket i] in seconds. */
  readonly means: readonly number[];
}

const bucketModels = new WeakMap<HealthProfile, BucketModel>();

function bucketModel(profile: HealthProfile): BucketModel {
  const cached = bucketModels.get(profile);
  if (cached) {
    return cached;
  }
  const { mu, sigma } = logNormalParams(profile.latency);
  const cdf = (x: number): number => (x === Infinity ? 1 : normalCdf((Math.log(x) - mu) / sigma));
  // Partial expectation of a log-normal: E[X; X <= x] = e^(μ+σ²/2) Φ((ln x − μ − σ²)/σ).
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  const partial = (x: number): number =>
    x === Infinity ? mean : mean * normalCdf((Math.log(x) - mu - sigma * sigma) / sigma);
  const bounds = [...LATENCY_BUCKETS, Infinity];
  const probs: number[] = [];
  const means: number[] = [];
  let prevCdf = 0;
  let prevPartial = 0;
  let prevBound = 0;
  for (const b of bounds) {
    const c = cdf(b);
    const pe = partial(b);
    const p = Math.max(0, c - prevCdf);
    probs.push(p);
    // Fall back to the bucket's midpoint where the share is too small to divide by.
    means.push(
      p > 1e-12 ? (pe - prevPartial) / p : b === Infinity ? prevBound * 2 : (prevBound + b) / 2,
    );
    prevCdf = c;
    prevPartial = pe;
    prevBound = b;
  }
  const model = { probs, means };
  bucketModels.set(profile, model);
  return model;
}

function crashRatePerMs(profile: HealthProfile): number {
  const p = Math.min(Math.max(profile.crashPerMinute, 0), 0.999999);
  return -Math.log(1 - p) / 60_000;
}

/** A freshly started host running `version`. */
export function createTraffic(
  version: string,
  profile: HealthProfile,
  nowMs: number,
  rng: Prng,
): HostTraffic {
  return {
    version,
    profile,
    processStartMs: nowMs,
    accruedUntilMs: nowMs,
    nextCrashMs: nowMs + exponential(rng, crashRatePerMs(profile)),
    crashes: 0,
    restarts: 0,
    counters: emptyCounters(),
  };
}

function addRequests(c: TrafficCounters, n: number, profile: HealthProfile, rng: Prng): void {
  if (n <= 0) {
    return;
  }
  const errors = binomial(rng, n, profile.errorRate);
  const add = (code: string, k: number): void => {
    if (k > 0) {
      c.byCode.set(code, (c.byCode.get(code) ?? 0) + k);
    }
  };
  add('200', n - errors);
  // Split the errors over codes with sequential conditional binomials (a multinomial draw).
  const codes = Object.entries(profile.errorCodes);
  let left = errors;
  let weightLeft = codes.reduce((s, [, w]) => s + w, 0);
  for (const [code, w] of codes) {
    const k = weightLeft > 0 ? binomial(rng, left, Math.min(1, w / weightLeft)) : 0;
    add(code, k);
    left -= k;
    weightLeft -= w;
  }
  add('500', left);
  const model = bucketModel(profile);
  let remaining = n;
  let probLeft = 1;
  for (let i = 0; i < model.probs.length && remaining > 0; i++) {
    const p = model.probs[i] ?? 0;
    const last = i === model.probs.length - 1;
    const k = last
      ? remaining
      : binomial(rng, remaining, probLeft > 0 ? Math.min(1, p / probLeft) : 0);
    c.buckets[i] = (c.buckets[i] ?? 0) + k;
    c.sumSeconds += k * (model.means[i] ?? 0);
    remaining -= k;
    probLeft -= p;
  }
  c.count += n;
}

/** Starts a new process at `atMs` (counters reset) and draws its next crash. */
export function restartProcess(t: HostTraffic, atMs: number, rng: Prng): void {
  t.processStartMs = atMs;
  t.counters = emptyCounters();
  t.restarts++;
  t.nextCrashMs = atMs + exponential(rng, crashRatePerMs(t.profile));
}

/** Advances the host's counters up to `untilMs` at `rps` requests/second, crashing on the way. */
export function accrue(t: HostTraffic, untilMs: number, rps: number, rng: Prng): void {
  while (t.accruedUntilMs < untilMs) {
    const end = Math.min(untilMs, t.nextCrashMs);
    const seconds = (end - t.accruedUntilMs) / 1000;
    addRequests(t.counters, poisson(rng, seconds * rps), t.profile, rng);
    t.accruedUntilMs = end;
    if (end === t.nextCrashMs && end <= untilMs) {
      t.crashes++;
      restartProcess(t, end, rng);
    }
  }
}

/** Switches the running version at `atMs` (after accruing up to then) and restarts the process. */
export function switchVersion(
  t: HostTraffic,
  version: string,
  profile: HealthProfile,
  atMs: number,
  rps: number,
  rng: Prng,
): void {
  accrue(t, atMs, rps, rng);
  t.version = version;
  t.profile = profile;
  restartProcess(t, Math.max(atMs, t.accruedUntilMs), rng);
}
