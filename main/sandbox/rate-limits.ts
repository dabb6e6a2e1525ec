/**
 * Autotask's two limits: a rolling 60-minute request counter per database (10,000 by default, with
 * ~0.5 s added latency from 50 % and ~1 s from 75 %, refusal above the limit), and a thread limit of
 * 3 requests in flight per (integration code, entity endpoint).
 */
export const HOUR_MS = 3_600_000;

export class HourlyWindow {
  // Timestamps (sandbox clock) of counted requests, oldest first; `head` skips expired ones cheaply.
  private times: number[] = [];
  private head = 0;

  constructor(readonly limit: number) {}

  private prune(nowMs: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= nowMs - HOUR_MS) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  count(nowMs: number): number {
    this.prune(nowMs);
    return this.times.length - this.head;
  }

  /** Counts a request unless the window is full; returns false when it must be refused. */
  tryAdd(nowMs: number): boolean {
    if (this.count(nowMs) >= this.limit) return false;
    // A clock moved backwards must not break the ordering the pruning relies on.
    const last = this.times[this.times.length - 1];
    this.times.push(last !== undefined && last > nowMs ? last : nowMs);
    return true;
  }

  /** Documented throttling latency for the current usage, before scaling. */
  throttleMs(nowMs: number): number {
    const used = this.count(nowMs) / this.limit;
    if (used >= 0.75) return 1000;
    if (used >= 0.5) return 500;
    return 0;
  }

  reset(): void {
    this.times = [];
    this.head = 0;
  }
}

export class ThreadLimiter {
  private inFlight = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes a slot for (integration code, entity); returns a release function, or null when full. */
  tryAcquire(integrationCode: string, entity: string): (() => void) | null {
    const key = `${integrationCode}\u0000${entity.toLowerCase()}`;
    const n = this.inFlight.get(key) ?? 0;
    if (n >= this.limit) return null;
    this.inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
  }
}
