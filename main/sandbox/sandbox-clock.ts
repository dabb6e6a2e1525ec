/** The sandbox clock: wall time plus an adjustable offset, so tests can jump hours without waiting. */
export class SandboxClock {
  private offsetMs: number;

  constructor(startMs?: number) {
    this.offsetMs = startMs === undefined ? 0 : startMs - Date.now();
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms)) throw new Error('clock.advance needs a finite number of milliseconds');
    this.offsetMs += ms;
    return this.nowMs();
  }

  set(ms: number): number {
    if (!Number.isFinite(ms)) throw new Error('clock.set needs a valid instant');
    this.offsetMs = ms - Date.now();
    return this.nowMs();
  }
}
