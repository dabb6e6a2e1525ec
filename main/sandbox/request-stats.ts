/** Observation counters for tests and benchmarks (see SandboxStats). */
import type { SandboxStats } from './types';

export type RefusalKind = keyof SandboxStats['refused'];

export class RequestStats {
  private s: SandboxStats = RequestStats.empty();
  private inFlight = new Map<string, number>();

  private static empty(): SandboxStats {
    return {
      requests: {},
      peakConcurrency: {},
      refused: { threadLimit: 0, overLimit: 0, auth: 0, other: 0 },
      requestsWithCredentials: 0,
      requestsWithoutCredentials: 0,
      total: 0,
    };
  }

  record(route: string, method: string, hasCredentials: boolean): void {
    const perRoute = (this.s.requests[route] ??= {});
    perRoute[method] = (perRoute[method] ?? 0) + 1;
    this.s.total++;
    if (hasCredentials) this.s.requestsWithCredentials++;
    else this.s.requestsWithoutCredentials++;
  }

  refuse(kind: RefusalKind): void {
    this.s.refused[kind]++;
  }

  /** A request for `route` started; records the peak including this one. Returns the release function. */
  enter(route: string): () => void {
    const n = (this.inFlight.get(route) ?? 0) + 1;
    this.inFlight.set(route, n);
    if (n > (this.s.peakConcurrency[route] ?? 0)) this.s.peakConcurrency[route] = n;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(route, (this.inFlight.get(route) ?? 1) - 1);
    };
  }

  snapshot(): SandboxStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = RequestStats.empty();
  }
}
