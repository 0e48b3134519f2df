import { mulberry32, poisson } from './prng';
import { isRejected, startSequential, updateSequential } from './sequential';

/** What the pre-flight planner knows about a ring before it starts. */
export interface DetectableInput {
  /** Baseline events per request (e.g. 0.005 for 0.5% errors; 0.01 for "slower than p99"). */
  readonly baselineEventRate: number;
  readonly ringRequestsPerSec: number;
  readonly baselineRequestsPerSec: number;
  readonly bakeSeconds: number;
  readonly alpha: number;
  readonly delta: number;
  /** Detection probability asked for (default 0.8). */
  readonly power?: number;
  /** Nothing detectable below this ratio means the ring is too small (default 5). */
  readonly maxRatio?: number;
  /** Simulated bakes per candidate ratio (default 200). */
  readonly runs?: number;
  readonly seed?: number;
}

/** The planner's answer for one ring and one kind of signal. */
export type Detectable =
  | {
      readonly verdict: 'ok';
      /** Smallest ring/baseline rate ratio detected with the asked power within the bake. */
      readonly minRatio: number;
      /** The ring's event rate at that ratio (absolute, per request). */
      readonly minRingEventRate: number;
      readonly power: number;
    }
  | {
      readonly verdict: 'too-small';
      /** Power reached at maxRatio, to tell "hopeless" from "almost". */
      readonly powerAtMax: number;
      readonly reason: string;
    };

const CHECKPOINTS = 20;

/**
 * Smallest relative regression the sequential gate catches within the bake, found by
 * simulation with a seeded PRNG (so the same plan always gets the same answer). Each
 * simulated bake draws Poisson event counts for ring and baseline over CHECKPOINTS equal
 * slices of the bake and runs the real e-process on them. With constant traffic θ_i is the
 * same in every interval, so the test on slices equals the test on seconds except that it
 * looks less often — the estimate is slightly conservative. Power is found for ratios by
 * bisection with common random numbers (same seed per candidate), which keeps it monotone.
 */
export function detectableRegression(input: DetectableInput): Detectable {
  const target = input.power ?? 0.8;
  const maxRatio = input.maxRatio ?? 5;
  const runs = input.runs ?? 200;
  const seed = input.seed ?? 1;
  const powerAt = (ratio: number): number => simulatePower(input, ratio, runs, seed);
  const rho0 = 1 + Math.max(0, input.delta);
  if (
    !(input.baselineEventRate > 0) ||
    !(input.ringRequestsPerSec > 0) ||
    !(input.baselineRequestsPerSec > 0) ||
    !(input.bakeSeconds > 0)
  ) {
    return {
      verdict: 'too-small',
      powerAtMax: 0,
      reason: 'no traffic or no baseline events: nothing can be detected',
    };
  }
  const powerAtMax = powerAt(maxRatio);
  if (powerAtMax < target || maxRatio <= rho0) {
    return {
      verdict: 'too-small',
      powerAtMax,
      reason: `even a ${maxRatio}x regression is caught with probability ${powerAtMax.toFixed(2)} < ${target} within ${input.bakeSeconds} s: ring too small or bake too short`,
    };
  }
  let lo = rho0;
  let hi = maxRatio;
  for (let i = 0; i < 14; i++) {
    const mid = Math.sqrt(lo * hi);
    if (powerAt(mid) >= target) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return {
    verdict: 'ok',
    minRatio: hi,
    minRingEventRate: hi * input.baselineEventRate,
    power: powerAt(hi),
  };
}

function simulatePower(input: DetectableInput, ratio: number, runs: number, seed: number): number {
  const u = mulberry32(seed);
  const slice = input.bakeSeconds / CHECKPOINTS;
  const ringMean = input.ringRequestsPerSec * slice;
  const baseMean = input.baselineRequestsPerSec * slice;
  let detected = 0;
  for (let r = 0; r < runs; r++) {
    let st = startSequential({ alpha: input.alpha, delta: input.delta });
    for (let c = 0; c < CHECKPOINTS && !isRejected(st); c++) {
      st = updateSequential(st, {
        ringEvents: poisson(u, ringMean * input.baselineEventRate * ratio),
        ringExposure: ringMean,
        baselineEvents: poisson(u, baseMean * input.baselineEventRate),
        baselineExposure: baseMean,
      });
    }
    if (isRejected(st)) {
      detected++;
    }
  }
  return detected / runs;
}

/**
 * Latency version: the events are requests slower than the baseline's q-quantile, so the
 * baseline event rate is 1 - q and the answer is a ratio of slow shares (e.g. 2.1 = the
 * ring must send 2.1x as many requests past the baseline p99 to be caught).
 */
export function detectableLatency(
  quantile: number,
  input: Omit<DetectableInput, 'baselineEventRate'>,
): Detectable {
  return detectableRegression({ ...input, baselineEventRate: 1 - quantile });
}
