// Limits requests in flight per Autotask endpoint. Autotask counts threads per (integration code,
// endpoint) and the MSP's other tools share that allowance, so every caller of one client queues here.

export class KeyedSemaphore {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  }

  inFlight(key: string): number {
    return this.active.get(key) ?? 0;
  }

  /** Resolves with a release function once a slot for `key` is free. */
  async acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    if (this.inFlight(key) < this.limit) {
      this.active.set(key, this.inFlight(key) + 1);
      return this.releaser(key);
    }
    return new Promise<() => void>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      this.waiting.set(key, queue);
      const onAbort = () => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      // The slot is handed over directly by release(), so the count never dips and lets a newcomer in.
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.releaser(key));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  }

  private releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.get(key)?.shift();
      if (next) next();
      else this.active.set(key, this.inFlight(key) - 1);
    };
  }
}
