// Keeps this client polite with Autotask's hourly request threshold, which every integration of the
// MSP shares (10,000 per rolling hour per database). Reads ThresholdInformation at the first call and
// periodically, paces requests above `slowDownAt`, and refuses to spend the reserve.
import { AutotaskError } from './autotask-error';
import type { BudgetOptions, ClientClock, SharedThresholdReading } from './types';

export interface ThresholdReading {
  limit: number;
  timeframeMinutes: number;
  used: number;
}

export interface ResolvedBudget {
  reserve?: number;
  slowDownAt: number;
  /** 'adaptive' unless the caller fixed a number (see BudgetOptions.checkEveryCalls). */
  checkEveryCalls: number | 'adaptive';
  checkEveryMs: number;
}

export function resolveBudget(o: BudgetOptions | undefined): ResolvedBudget {
  return {
    reserve: o?.reserve,
    slowDownAt: o?.slowDownAt ?? 0.5,
    checkEveryCalls: o?.checkEveryCalls === undefined ? 'adaptive' : Math.max(1, Math.floor(o.checkEveryCalls)),
    checkEveryMs: o?.checkEveryMs ?? 5 * 60_000,
  };
}

/** Failures of the threshold reading itself that the sync can live without. */
const DEGRADABLE = new Set(['not-found', 'bad-response', 'server', 'validation']);

/** Pacing per request once usage passes `slowDownAt`, doubling towards the reserve. */
const PACING_BASE_MS = 250;

/** The adaptive cadence's floor (and its value past the slow-down line), in calls. */
const CHECK_EVERY_CALLS_MIN = 100;

/** Where a reading is shared with the clients before and after this one (ThresholdCache, one key). */
export interface SharedReadingPort {
  load(): SharedThresholdReading | undefined;
  save(r: SharedThresholdReading): void;
}

export class RequestBudget {
  private reading: ThresholdReading | null = null;
  private readAt = 0;
  private callsSinceRead = 0;
  private pending: Promise<void> | null = null;
  private unavailableUntil = 0;

  constructor(
    private readonly opts: ResolvedBudget,
    private readonly clock: ClientClock,
    private readonly readThreshold: () => Promise<ThresholdReading>,
    private readonly onUnavailable: (e: AutotaskError) => void = () => {},
    private readonly shared?: SharedReadingPort,
  ) {}

  /**
   * Takes over a reading another client stored, when it is younger than the time cadence: its calls since
   * then are carried over, so this client goes on counting from where that one stopped.
   */
  private adoptShared(): void {
    let r: SharedThresholdReading | undefined;
    try {
      r = this.shared?.load();
    } catch {
      return; // a broken store only costs a reading
    }
    if (!r) return;
    const age = this.clock.now() - r.readAt;
    const valid = [r.limit, r.used, r.timeframeMinutes, r.readAt, r.callsSinceRead].every(Number.isFinite) && r.limit > 0 && r.callsSinceRead >= 0;
    if (!valid || age < 0 || age >= this.opts.checkEveryMs) return;
    this.reading = { limit: r.limit, used: r.used, timeframeMinutes: r.timeframeMinutes };
    this.readAt = r.readAt;
    this.callsSinceRead = r.callsSinceRead;
  }

  /** Stores the reading and the calls made since, for the next client (on close, and after each reading). */
  storeShared(): void {
    if (!this.shared || !this.reading) return;
    try {
      this.shared.save({ ...this.reading, readAt: this.readAt, callsSinceRead: this.callsSinceRead });
    } catch {
      /* the next client reads its own */
    }
  }

  /** The latest reading (after our own calls since it were added). */
  current(): ThresholdReading | null {
    return this.reading ? { ...this.reading, used: this.reading.used + this.callsSinceRead } : null;
  }

  /** Counts an attempt that bypassed `beforeCall` (test-connection probes). */
  recordCall(): void {
    this.callsSinceRead += 1;
  }

  /** Stores a reading obtained elsewhere (a direct `threshold()` call). */
  accept(r: ThresholdReading): void {
    this.reading = r;
    this.readAt = this.clock.now();
    this.callsSinceRead = 0;
    this.storeShared();
  }

  reserveFor(limit: number): number {
    return this.opts.reserve ?? Math.floor(limit * 0.1);
  }

  /**
   * Before a request: refresh the reading when due, throw `budget` when the request would eat into the
   * reserve, and return the pacing delay (ms) to wait first. An approved request is counted at once, so
   * parallel callers cannot all squeeze through the last free slot.
   */
  async beforeCall(): Promise<number> {
    if (!this.reading && this.clock.now() < this.unavailableUntil) return 0;
    if (!this.reading && !this.pending) this.adoptShared();
    if (!this.reading) await this.refresh();
    if (!this.reading) return 0;
    // A reading is a request too: only take one when there is room for it and the request after it.
    // At the edge (room 2) look once more before stopping, since calls leave the rolling window.
    let room = this.room();
    if (room >= 2 && (this.refreshDue() || room === 2)) {
      await this.refresh();
      room = this.room();
    }
    const r = this.reading;
    if (!r) return 0;
    if (room < 1) throw this.budgetError(r);
    this.callsSinceRead += 1;
    const fraction = (r.used + this.callsSinceRead - 1) / r.limit;
    if (fraction < this.opts.slowDownAt) return 0;
    // Three steps between slowDownAt and the stop line: base, 2×, 4×.
    const stopLine = r.limit - this.reserveFor(r.limit);
    const span = Math.max(1e-9, stopLine / r.limit - this.opts.slowDownAt);
    const step = Math.min(2, Math.floor(((fraction - this.opts.slowDownAt) / span) * 3));
    return PACING_BASE_MS * 2 ** step;
  }

  /** Requests we may still make before touching the reserve. */
  private room(): number {
    const r = this.reading;
    if (!r) return Infinity;
    return r.limit - this.reserveFor(r.limit) - (r.used + this.callsSinceRead);
  }

  usedFraction(): number | undefined {
    const r = this.current();
    return r ? r.used / r.limit : undefined;
  }

  private refreshDue(): boolean {
    if (!this.reading) return true;
    const every = this.callsBetweenReadings(this.reading.used + this.callsSinceRead, this.reading.limit);
    return this.callsSinceRead >= every || this.clock.now() - this.readAt >= this.opts.checkEveryMs;
  }

  /**
   * Near the stop line a stale reading matters more: look four times as often past 90 %. Below the slow-down
   * line the adaptive cadence waits a quarter of the calls left to it (at least 100): even if the MSP's other
   * integrations spent three times as many calls as ours meanwhile, the next reading still comes before the
   * line, and a 10,000-call hour with little used costs one reading per run instead of one per 100 calls.
   */
  private callsBetweenReadings(used: number, limit: number): number {
    const fraction = used / limit;
    const fixed = this.opts.checkEveryCalls;
    const base = fixed === 'adaptive' ? CHECK_EVERY_CALLS_MIN : fixed;
    if (fraction >= 0.9) return Math.max(1, Math.floor(base / 4));
    if (fixed !== 'adaptive' || fraction >= this.opts.slowDownAt) return base;
    return Math.max(CHECK_EVERY_CALLS_MIN, Math.floor((this.opts.slowDownAt * limit - used) / 4));
  }

  private async refresh(): Promise<void> {
    // One reading at a time, shared by every caller that needs it.
    if (!this.pending) {
      this.pending = this.readThreshold()
        .then((r) => this.accept(r))
        .catch((e: unknown) => {
          // A zone whose ThresholdInformation is broken must not stop the sync: carry on unpaced and
          // look again later. Sign-in, network and limit errors concern every request, so they propagate.
          if (!(e instanceof AutotaskError) || !DEGRADABLE.has(e.kind)) throw e;
          this.reading = null;
          this.callsSinceRead = 0;
          this.unavailableUntil = this.clock.now() + this.opts.checkEveryMs;
          this.onUnavailable(e);
        })
        .finally(() => {
          this.pending = null;
        });
    }
    await this.pending;
  }

  private budgetError(r: ThresholdReading): AutotaskError {
    const reserve = this.reserveFor(r.limit);
    const retryAfterMs = r.timeframeMinutes * 60_000;
    const at = new Date(this.clock.now() + retryAfterMs);
    const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const fmt = (n: number) => n.toLocaleString('en-US');
    return new AutotaskError({
      kind: 'budget',
      method: 'GET',
      url: 'ThresholdInformation',
      userMessage:
        `Stopped to keep ${fmt(reserve)} of Autotask's ${fmt(r.limit)} hourly API requests for your other integrations; ` +
        `try again after ${time}. Autotask reports ${fmt(r.used + this.callsSinceRead)} requests used in the last ${r.timeframeMinutes} minutes.`,
      retryable: false,
      retryAfterMs,
    });
  }
}
