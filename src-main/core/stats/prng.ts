/** A seeded uniform source in [0, 1): core never calls Math.random(). */
export type Uniform = () => number;

/** mulberry32: tiny, fast, good enough for simulations; the same seed gives the same stream. */
export function mulberry32(seed: number): Uniform {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
export function normal(u: Uniform): number {
  const u1 = Math.max(u(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
}

/**
 * Poisson(mean) draw: exact inversion for means below 40, a rounded normal with continuity
 * correction above (error well under what the simulations here resolve).
 */
export function poisson(u: Uniform, mean: number): number {
  if (!(mean > 0)) {
    return 0;
  }
  if (mean < 40) {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const x = u();
    while (x > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(u)));
}

/** Binomial(n, p) draw: exact for small n, Poisson or normal approximations for large n. */
export function binomial(u: Uniform, n: number, p: number): number {
  if (n <= 0 || p <= 0) {
    return 0;
  }
  if (p >= 1) {
    return n;
  }
  if (n <= 60) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (u() < p) {
        k++;
      }
    }
    return k;
  }
  const mean = n * p;
  if (p < 0.05) {
    return Math.min(n, poisson(u, mean));
  }
  const sd = Math.sqrt(mean * (1 - p));
  return Math.min(n, Math.max(0, Math.round(mean + sd * normal(u))));
}
