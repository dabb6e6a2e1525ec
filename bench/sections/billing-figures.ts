// Billing figures (issue 14): preview and close of a month on a large book, each with time and peak memory,
// compared with a bare read of the same rows measured in the same run. Pure: builds figures from measurements.
import { figure, type Figure } from '../report/figure';

export interface BillingMonthMeasurement {
  month: string;
  invoices: number;
  lines: number;
  /** Bare SELECT of the same rows (time items + unit rows), the lower bound. */
  bareReadMs: number;
  previewMs: number;
  previewPeakRssMb: number;
  closeMs: number;
  closePeakRssMb: number;
}

export const PREVIEW_TARGET_MS = 1_000;
export const CLOSE_TARGET_MS = 2_000;
/** "Memory flat as the month grows": full-month peak RSS at most this × the half-size month's. */
export const MEMORY_FLAT_RATIO = 1.25;

export function billingFigures(full: BillingMonthMeasurement, half: BillingMonthMeasurement | null): Figure[] {
  const s = 'billing';
  const size = `${full.invoices.toLocaleString('en-US')} invoices, ${full.lines.toLocaleString('en-US')} lines`;
  const figs: Figure[] = [
    figure({
      section: s,
      key: 'billing.preview.ms',
      label: `Preview ${full.month} (${size})`,
      value: full.previewMs,
      unit: 'ms',
      reference: full.bareReadMs,
      referenceLabel: 'bare SELECT of the same rows',
      target: `< ${PREVIEW_TARGET_MS} ms`,
      check: (v) => v < PREVIEW_TARGET_MS,
      note: 'loadBillingSnapshot + computeInvoices',
    }),
    figure({
      section: s,
      key: 'billing.close.ms',
      label: `Close ${full.month} (${size})`,
      value: full.closeMs,
      unit: 'ms',
      reference: full.bareReadMs,
      referenceLabel: 'bare SELECT of the same rows',
      target: `< ${CLOSE_TARGET_MS} ms`,
      check: (v) => v < CLOSE_TARGET_MS,
    }),
  ];
  const mem = (key: 'preview' | 'close', v: number, ref: number | null) =>
    figure({
      section: s,
      key: `billing.${key}.peakRssMb`,
      label: `${key === 'preview' ? 'Preview' : 'Close'} peak RSS`,
      value: v,
      unit: 'MB',
      reference: ref,
      referenceLabel: ref === null ? '' : 'half-size month, same run',
      target: ref === null ? '' : `≤ ${MEMORY_FLAT_RATIO} × half-size month`,
      check: ref === null ? undefined : (_v, r) => r !== null && r <= MEMORY_FLAT_RATIO,
    });
  figs.push(mem('preview', full.previewPeakRssMb, half?.previewPeakRssMb ?? null), mem('close', full.closePeakRssMb, half?.closePeakRssMb ?? null));
  return figs;
}

/** Runs bench/billing.ts in a child (it seeds, then measures each phase in its own child) and builds the figures. */
export async function runBillingSection(opts: {
  customers: number;
  items: number;
  progress: { step(s: string): void };
  timeoutMs: number;
}): Promise<{ figures: Figure[]; details: unknown }> {
  const { spawnSync } = await import('node:child_process');
  const path = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'billing.ts');
  opts.progress.step(`billing: ${opts.customers} customers, ${opts.items} time items (and a half-size month)`);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--json', '--customers', String(opts.customers), '--items', String(opts.items)], {
    encoding: 'utf8',
    timeout: opts.timeoutMs,
  });
  if (r.status !== 0) throw new Error(`bench/billing.ts failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { full: BillingMonthMeasurement; half: BillingMonthMeasurement };
  return { figures: billingFigures(out.full, out.half), details: out };
}
