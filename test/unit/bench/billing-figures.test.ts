import { describe, expect, it } from 'vitest';
import { billingFigures, type BillingMonthMeasurement } from '../../../bench/sections/billing-figures';

const m = (over: Partial<BillingMonthMeasurement> = {}): BillingMonthMeasurement => ({
  month: '2026-10',
  invoices: 2000,
  lines: 50000,
  bareReadMs: 100,
  previewMs: 400,
  previewPeakRssMb: 200,
  closeMs: 1500,
  closePeakRssMb: 220,
  ...over,
});

describe('billing figures', () => {
  it('rates preview and close against the bare read and judges the absolute targets', () => {
    const f = new Map(billingFigures(m(), m({ previewPeakRssMb: 180, closePeakRssMb: 200 })).map((x) => [x.key, x]));
    expect(f.get('billing.preview.ms')!.ratio).toBe(4);
    expect(f.get('billing.preview.ms')!.verdict).toBe('met');
    expect(f.get('billing.close.ms')!.verdict).toBe('met');
    expect(f.get('billing.preview.peakRssMb')!.verdict).toBe('met');
  });
  it('misses when over target or memory grows with the month', () => {
    const f = new Map(billingFigures(m({ previewMs: 1200, closeMs: 2500, previewPeakRssMb: 400 }), m({ previewPeakRssMb: 200 })).map((x) => [x.key, x]));
    expect(f.get('billing.preview.ms')!.verdict).toBe('missed');
    expect(f.get('billing.close.ms')!.verdict).toBe('missed');
    expect(f.get('billing.preview.peakRssMb')!.ratio).toBe(2);
    expect(f.get('billing.preview.peakRssMb')!.verdict).toBe('missed');
    expect(f.get('billing.close.peakRssMb')!.verdict).toBe('met');
  });
});
