/**
 * Anytime-valid sequential test: "is the ring's event rate worse than the baseline's by more
 * than delta?", safe to evaluate after every interval, forever.
 *
 * Model (Lindon & Malek, "Anytime-Valid Inference for Multinomial Count Data", NeurIPS 2022,
 * arXiv 2011.03567): in interval i the ring sees x_i events (e.g. 5xx) out of exposure a_i
 * (requests) and the baseline y_i out of b_i. With events Poisson at rates a_i·λ_r and
 * b_i·λ_b, conditional on m_i = x_i + y_i,
 *   x_i ~ Binomial(m_i, θ_i(ρ)),  θ_i(ρ) = a_i ρ / (a_i ρ + b_i),  ρ = λ_r / λ_b.
 * H0: ρ <= ρ0 = 1 + delta. For an alternative ρ1 > ρ0 the likelihood ratio
 *   Λ_t(ρ1) = Π_i [θ_i(ρ1)/θ_i(ρ0)]^{x_i} [(1-θ_i(ρ1))/(1-θ_i(ρ0))]^{m_i - x_i}
 * has expectation ≤ 1 per factor under every ρ <= ρ0 (the binomial family has a monotone
 * likelihood ratio and θ_i rises with ρ), so it is a non-negative supermartingale under H0.
 * The e-process E_t = Σ_k w_k Λ_t(ρ_k) mixes over a geometric grid of alternatives with
 * prior weights w_k (sum 1), so it stays a supermartingale; Ville's inequality gives
 *   P_H0( sup_t E_t >= 1/alpha ) <= alpha.
 * Hence: reject ("fail") the first time E_t >= 1/alpha; the false-halt rate stays <= alpha
 * however often E_t is looked at, and time-varying traffic is fine because the exposures
 * enter per interval. (If requests are Bernoulli rather than Poisson, the conditional law
 * of x_i under equal rates is hypergeometric, which is dominated in convex order by the
 * binomial (Hoeffding 1963), so the bound still holds for delta >= 0.)
 *
 * Latency uses the same test on counts (Lindon, Sanden & Shirikian, "Rapid Regression
 * Detection in Software Deployments through Sequential Testing", KDD 2022, arXiv
 * 2205.14762): the events are requests slower than a threshold fixed before the interval
 * (a histogram bound near the baseline's q-quantile, e.g. p99), the exposure is requests;
 * H0: the ring's slow share <= (1 + delta) × the baseline's.
 *
 * A repeated fixed-sample test (a z-test or Mann-Whitney every minute) has no such bound:
 * its false-rejection rate grows with the number of looks (see the tests).
 */

/** Events out of exposure in one interval, for ring and baseline. */
export interface CountInterval {
  readonly ringEvents: number;
  readonly ringExposure: number;
  readonly baselineEvents: number;
  readonly baselineExposure: number;
}

/** Test parameters. */
export interface SequentialConfig {
  /** Bound on the false-halt probability over the whole bake (default 0.01). */
  readonly alpha: number;
  /** Tolerated relative degradation: H0 is ρ <= 1 + delta. */
  readonly delta: number;
  /** Largest ratio on the alternative grid (default 50). */
  readonly maxRatio?: number;
  /** Grid size (default 24). */
  readonly gridPoints?: number;
}

/** Accumulated state: pure data, safe to journal and replay. */
export interface SequentialState {
  readonly rho0: number;
  readonly alpha: number;
  /** Alternatives ρ_k and their log prior weights. */
  readonly grid: readonly number[];
  readonly logWeights: readonly number[];
  /** log Λ_t(ρ_k) per alternative. */
  readonly logLR: readonly number[];
  readonly ringEvents: number;
  readonly ringExposure: number;
  readonly baselineEvents: number;
  readonly baselineExposure: number;
  readonly intervals: number;
  /** Set once E_t first reached 1/alpha; the rejection stands (it is a stopping time). */
  readonly rejectedAtInterval?: number;
}

/** Starts a test. Weights favour small effects (w_k ∝ 1/k) so real regressions near delta are found quickly. */
export function startSequential(config: SequentialConfig): SequentialState {
  const rho0 = 1 + Math.max(0, config.delta);
  const n = Math.max(2, config.gridPoints ?? 24);
  const maxRatio = Math.max(1.5, config.maxRatio ?? 50);
  const grid: number[] = [];
  const raw: number[] = [];
  for (let k = 0; k < n; k++) {
    // From rho0·1.05 up to rho0·maxRatio, geometrically spaced.
    grid.push(rho0 * 1.05 * Math.pow(maxRatio / 1.05, k / (n - 1)));
    raw.push(1 / (k + 1));
  }
  const total = raw.reduce((s, w) => s + w, 0);
  return {
    rho0,
    alpha: config.alpha,
    grid,
    logWeights: raw.map((w) => Math.log(w / total)),
    logLR: grid.map(() => 0),
    ringEvents: 0,
    ringExposure: 0,
    baselineEvents: 0,
    baselineExposure: 0,
    intervals: 0,
  };
}

/** Folds one interval into the test. Intervals with no exposure on either side carry no information and are skipped. */
export function updateSequential(state: SequentialState, c: CountInterval): SequentialState {
  const valid =
    c.ringExposure > 0 &&
    c.baselineExposure > 0 &&
    c.ringEvents >= 0 &&
    c.baselineEvents >= 0 &&
    Number.isFinite(c.ringEvents + c.baselineEvents + c.ringExposure + c.baselineExposure);
  if (!valid) {
    return state;
  }
  const m = c.ringEvents + c.baselineEvents;
  const a = c.ringExposure;
  const b = c.baselineExposure;
  let logLR = state.logLR;
  if (m > 0) {
    const theta0 = (a * state.rho0) / (a * state.rho0 + b);
    logLR = state.logLR.map((l, k) => {
      const rho1 = state.grid[k] ?? state.rho0;
      const theta1 = (a * rho1) / (a * rho1 + b);
      return (
        l +
        c.ringEvents * Math.log(theta1 / theta0) +
        c.baselineEvents * Math.log((1 - theta1) / (1 - theta0))
      );
    });
  }
  const next: SequentialState = {
    ...state,
    logLR,
    ringEvents: state.ringEvents + c.ringEvents,
    ringExposure: state.ringExposure + a,
    baselineEvents: state.baselineEvents + c.baselineEvents,
    baselineExposure: state.baselineExposure + b,
    intervals: state.intervals + 1,
  };
  if (state.rejectedAtInterval === undefined && logEValue(next) >= Math.log(1 / state.alpha)) {
    return { ...next, rejectedAtInterval: next.intervals };
  }
  return next;
}

/** log E_t, computed with log-sum-exp so long bakes neither overflow nor underflow. */
export function logEValue(state: SequentialState): number {
  let max = Number.NEGATIVE_INFINITY;
  const terms = state.logLR.map((l, k) => l + (state.logWeights[k] ?? Number.NEGATIVE_INFINITY));
  for (const t of terms) {
    max = Math.max(max, t);
  }
  if (max === Number.NEGATIVE_INFINITY) {
    return max;
  }
  return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

/** E_t itself (may be Infinity for overwhelming evidence). */
export function eValue(state: SequentialState): number {
  return Math.exp(logEValue(state));
}

/** True once E_t has reached 1/alpha at some interval. */
export function isRejected(state: SequentialState): boolean {
  return state.rejectedAtInterval !== undefined;
}
