// What one client instance spent, for the sync engine's run records.
import type { ClientAccounting } from './types';

export class AccountingRecorder {
  private readonly calls: Record<string, number> = {};
  private retries = 0;
  private throttleWaits = 0;
  private throttleWaitMs = 0;
  private bytesReceived = 0;
  private pages = 0;
  private rows = 0;

  call(key: string): void {
    this.calls[key] = (this.calls[key] ?? 0) + 1;
  }
  bytes(n: number): void {
    this.bytesReceived += n;
  }
  retry(): void {
    this.retries += 1;
  }
  throttleWait(ms: number): void {
    this.throttleWaits += 1;
    this.throttleWaitMs += ms;
  }
  page(rowCount: number): void {
    this.pages += 1;
    this.rows += rowCount;
  }

  snapshot(): ClientAccounting {
    const calls = { ...this.calls };
    return {
      calls,
      totalCalls: Object.values(calls).reduce((a, b) => a + b, 0),
      retries: this.retries,
      throttleWaits: this.throttleWaits,
      throttleWaitMs: this.throttleWaitMs,
      bytesReceived: this.bytesReceived,
      pages: this.pages,
      rows: this.rows,
    };
  }
}
