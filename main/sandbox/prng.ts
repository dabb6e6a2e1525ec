/**
 * Small seeded PRNG (mulberry32). The sandbox must never use Math.random: the same seed has to give a
 * byte-identical tenant and the same sequence of probabilistic faults, run after run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so nearby seeds (1, 2, 3) do not start with correlated outputs.
    this.state = hashInt(seed >>> 0) || 0x9e3779b9;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick on an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An independent stream derived from this seed and a label, so adding draws in one generator
   *  does not shift every other generator's output. */
  fork(label: string): Prng {
    let h = this.state;
    for (let i = 0; i < label.length; i++) h = hashInt(h ^ label.charCodeAt(i));
    return new Prng(h);
  }
}

/** 32-bit integer hash (lowbias32). Also used to derive stable per-value variations. */
export function hashInt(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Stable 32-bit hash of a string (FNV-1a), for cursors and per-field variations. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
