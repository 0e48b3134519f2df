/**
 * Seeded pseudo-random numbers for the simulated fleet: every draw the simulator makes comes
 * from one of these, so a run with the same seed and the same clock is the same run.
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32, 32-bit state words.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** An independent stream, derived deterministically from this one's seed and `salt`. */
  fork(salt: number): Prng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Creates a xoshiro128** generator from a 32-bit seed (any number; it is truncated). */
export function createPrng(seed: number): Prng {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) {
    // xoshiro must never have an all-zero state: it would emit zeros forever.
    a = 1;
  }
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextUint32,
    // 32 bits of resolution is plenty for the sim and keeps next() exactly reproducible.
    next: () => nextUint32() / 4294967296,
    fork: (salt) =>
      createPrng((Math.imul(seed >>> 0, 0x2c1b3c6d) ^ Math.imul(salt + 1, 0x297a2d39)) >>> 0),
  };
}
