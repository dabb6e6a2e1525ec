/** Faults injected through the control API, consumed in registration order with a seeded PRNG. */
import type { Prng } from './prng';
import type { FaultSpec } from './types';

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly prng: Prng) {}

  add(spec: FaultSpec): number {
    if (spec.kind === 'spoofNextPage' && !spec.origin) throw new Error('spoofNextPage needs an origin');
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
      throw new Error('probability must be within 0..1');
    }
    const remaining = spec.times ?? (spec.probability !== undefined ? Number.POSITIVE_INFINITY : 1);
    const id = this.nextId++;
    this.faults.push({ ...spec, id, remaining });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first registered fault that matches this request and fires (probability rolled), consumed. */
  take(route: string, method: string): ActiveFault | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.entity && f.entity.toLowerCase() !== route.toLowerCase()) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.probability !== undefined && !(this.prng.next() < f.probability)) continue;
      f.remaining--;
      this.faults = this.faults.filter((x) => x.remaining > 0);
      return f;
    }
    return undefined;
  }

  pending(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}
