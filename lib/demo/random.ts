/**
 * A small seeded PRNG and helpers for the demo workspace generator.
 * Deterministic: the same seed always gives the same sequence (never Math.random).
 */

/** mulberry32: 32-bit state, good enough for demo data, very fast. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Mixes an arbitrary (possibly negative or fractional) seed into a 32-bit integer. */
export function hashSeed(seed: number): number {
  let h = Math.floor(seed) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Random {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen by the given weights (same length as items, non-negative, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** k distinct elements (k clamped to items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** Pareto-distributed weight >= 1 (heavy tail), capped. */
  pareto(alpha: number, cap: number): number;
  /** A string of n characters drawn from alphabet. */
  chars(alphabet: string, n: number): string;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(hashSeed(seed));
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0;
        if (r < 0) return items[i] as T;
      }
      return items[items.length - 1] as T;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = tmp;
      }
      return copy;
    },
    sample: <T>(items: readonly T[], k: number): T[] => random.shuffle(items).slice(0, Math.max(0, k)),
    pareto: (alpha, cap) => Math.min(cap, 1 / Math.pow(1 - next(), 1 / alpha)),
    chars: (alphabet, n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
  return random;
}

/** A cumulative-weight table for fast repeated weighted picks (binary search). */
export function weightedTable<T>(items: readonly T[], weights: readonly number[]): (r: number) => T {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  return (r: number) => {
    const target = r * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}
