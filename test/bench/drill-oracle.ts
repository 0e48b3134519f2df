/**
 * The oracle the drill compares Ringside with: Wald's sequential probability ratio test that
 * knows the true effect. Conditional on an event (an error, or a request slower than the
 * latency gate's bound), it came from the ring with probability θ = aρp/(aρp + b·p), where a
 * and b are the ring's and the baseline's requests per second and ρ the ratio of their event
 * rates. The SPRT of H0: ρ = 1 + delta against H1: ρ = the drill's true ratio needs, on
 * average, ln(1/alpha) / KL(θ1 ‖ θ0) events to reject (Wald's approximation, no overshoot,
 * β ≈ 0), and events arrive at a·p_ring + b·p_base per second.
 */
import { goodProfile, badProfile, type BadKind } from '../../src-main/sim';
import { LATENCY_BUCKETS } from '../../src-main/sim/traffic';

/** What the oracle is computed from (printed with it). */
export interface OracleInputs {
  /** Requests per second: ring and (sampled) baseline. */
  readonly ringRps: number;
  readonly baselineRps: number;
  /** Event probability per request: ring (bad release) and baseline (good release). */
  readonly pRing: number;
  readonly pBase: number;
  readonly alpha: number;
  readonly delta: number;
}

/** Expected seconds for the known-effect SPRT to reject. */
export function sprtSeconds(i: OracleInputs): number {
  const theta = (rho: number) => (i.ringRps * rho) / (i.ringRps * rho + i.baselineRps);
  const t1 = theta(i.pRing / i.pBase);
  const t0 = theta(1 + i.delta);
  const kl = t1 * Math.log(t1 / t0) + (1 - t1) * Math.log((1 - t1) / (1 - t0));
  const eventsPerSecond = i.ringRps * i.pRing + i.baselineRps * i.pBase;
  return Math.log(1 / i.alpha) / kl / eventsPerSecond;
}

/** Standard normal upper tail (Abramowitz-Stegun 7.1.26 erf). */
function upperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    t *
      (0.254829592 +
        t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-x * x);
  const cdf = z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  return 1 - cdf;
}

/** P(latency > boundS) for the sim's log-normal profile (median, p99). */
function slowerThan(boundS: number, latency: { medianMs: number; p99Ms: number }): number {
  const sigma = Math.log(latency.p99Ms / latency.medianMs) / 2.3263478740408408;
  return upperTail(Math.log((boundS * 1000) / latency.medianMs) / sigma);
}

/** The drill's own rates for one kind of bad release, from the simulator's profiles. */
export function drillOracleInputs(
  kind: BadKind,
  o: { ringRps: number; baselineRps: number; alpha: number; delta: number },
): OracleInputs & { readonly what: string } {
  const bad = badProfile(kind);
  if (kind === 'latency') {
    // The gate's bound: the first histogram bound at or above the baseline's p99.
    const bound =
      LATENCY_BUCKETS.find((le) => le * 1000 >= goodProfile.latency.p99Ms) ??
      LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1] ??
      1;
    return {
      ...o,
      pRing: slowerThan(bound, bad.latency),
      pBase: slowerThan(bound, goodProfile.latency),
      what: `requests slower than ${bound * 1000} ms`,
    };
  }
  return { ...o, pRing: bad.errorRate, pBase: goodProfile.errorRate, what: '5xx responses' };
}
