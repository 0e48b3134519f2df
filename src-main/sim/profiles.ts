/**
 * Health profiles: how a host behaves while it runs a given version. Plain data, so tests
 * and drills can pass their own; the defaults model a healthy service (0.5% 5xx, ~40 ms
 * median) and a "bad" release (any version whose name contains "bad").
 */

/** Latency as a log-normal distribution given by its median and 99th percentile. */
export interface LatencyProfile {
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface HealthProfile {
  /** Share of requests answered with a 5xx status, 0..1. */
  readonly errorRate: number;
  /** How 5xx responses split over status codes (weights, need not sum to 1). */
  readonly errorCodes: Readonly<Record<string, number>>;
  readonly latency: LatencyProfile;
  /** Probability that the process crashes within any given minute (0..1). */
  readonly crashPerMinute: number;
  /** Log lines per second that `journalctl -f` / `tail -F` emit. */
  readonly logLinesPerSecond: number;
  /** Share of log lines that are ERROR lines (with signatures); the rest are INFO. */
  readonly errorLogShare: number;
  /** `appctl health` exits 1 when false. */
  readonly healthCheckPasses: boolean;
}

/** What goes wrong with a bad version. */
export type BadKind = 'errors' | 'latency' | 'crash';

/** The healthy default: 0.5% 5xx, median 40 ms, p99 180 ms, no crashes. */
export const goodProfile: HealthProfile = {
  errorRate: 0.005,
  errorCodes: { '500': 0.7, '503': 0.3 },
  latency: { medianMs: 40, p99Ms: 180 },
  crashPerMinute: 0,
  logLinesPerSecond: 2,
  errorLogShare: 0.01,
  healthCheckPasses: true,
};

/**
 * The default profile of a bad version. The health check still passes in every kind:
 * the interesting failure is the one only telemetry catches.
 */
export function badProfile(kind: BadKind, base: HealthProfile = goodProfile): HealthProfile {
  switch (kind) {
    case 'errors':
      return { ...base, errorRate: 0.03, errorLogShare: 0.2 };
    case 'latency':
      return { ...base, latency: { ...base.latency, p99Ms: base.latency.p99Ms * 1.3 } };
    case 'crash':
      return { ...base, crashPerMinute: 0.5, errorLogShare: 0.1 };
    default: {
      const never: never = kind;
      throw new Error(`badProfile: unknown bad kind ${String(never)}`);
    }
  }
}

/** How the fleet picks a profile for a version. */
export interface ProfileOptions {
  /** Exact version -> profile; wins over everything else. */
  readonly profiles?: Readonly<Record<string, HealthProfile>>;
  /** Versions (exact names) treated as bad besides any whose name contains "bad". */
  readonly badVersions?: readonly string[];
  readonly badKind?: BadKind;
  /** Profile of good versions (default {@link goodProfile}). */
  readonly good?: HealthProfile;
}

/** The profile a host running `version` follows. */
export function profileForVersion(version: string, opts: ProfileOptions = {}): HealthProfile {
  const exact = opts.profiles?.[version];
  if (exact) {
    return exact;
  }
  const good = opts.good ?? goodProfile;
  const isBad = version.toLowerCase().includes('bad') || (opts.badVersions ?? []).includes(version);
  return isBad ? badProfile(opts.badKind ?? 'errors', good) : good;
}

const Z99 = 2.3263478740408408;

/** Parameters (μ, σ of ln X in seconds) of the log-normal given by a latency profile. */
export function logNormalParams(l: LatencyProfile): { mu: number; sigma: number } {
  const mu = Math.log(l.medianMs / 1000);
  const sigma = Math.max(1e-6, (Math.log(l.p99Ms) - Math.log(l.medianMs)) / Z99);
  return { mu, sigma };
}
