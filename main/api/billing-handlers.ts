// The billing domain's part of the handler table (ARCHITECTURE.md "a handler map per domain"): the
// ledger's answers, with refusals as 'invalid-argument' errors the UI shows as they are, and exports
// handed to the transport's file sink (native save dialog, browser download, a test folder).
import type { BillingExportResult } from '../../shared/api-contract';
import type { BillingExportFormat } from '../../shared/settings';
import { ApiError } from './api-error';
import type { BillingChannel, DomainHandlers } from './handler-types';
import { UnsafeTargetError } from '../export/safe-file';
import { BillingRefusal } from '../billing/billing-refusal';
import type { FileToSave } from '../billing/export-files';
import type { BillingLedger } from '../billing/ledger';

/** Where this transport puts a billing export's files; the names are the file names to suggest (docs/product-rules.md#accounting-exports). */
export type SaveBillingFiles = (
  files: FileToSave[],
  about: { period: string; format: BillingExportFormat; draft: boolean },
) => Promise<
  { status: 'saved'; files: Array<{ fileName: string; path: string }> } | { status: 'download'; files: Array<{ fileName: string; url: string }> } | { status: 'cancelled' }
>;

async function refusalsAsApiErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // A rule's refusal, not one malformed field: the message goes under '_' (the whole request).
    if (error instanceof BillingRefusal || error instanceof UnsafeTargetError) throw new ApiError('invalid-argument', error.message, { _: error.message });
    throw error;
  }
}

export function createBillingHandlers(opts: { ledger: BillingLedger; saveFiles?: SaveBillingFiles }): DomainHandlers<BillingChannel> {
  const { ledger } = opts;
  return {
    'billing:preview': ({ period }) => refusalsAsApiErrors(() => ledger.preview(period)),
    'billing:hold': (request) => refusalsAsApiErrors(() => ledger.hold(request)),
    'billing:release-posted': (request) => refusalsAsApiErrors(() => ledger.releasePosted(request)),
    'billing:close': ({ period }) => refusalsAsApiErrors(() => ledger.close(period)),
    'billing:reopen': ({ period }) =>
      refusalsAsApiErrors(() => {
        const r = ledger.reopen(period);
        return { ok: true as const, message: r.message };
      }),
    'billing:runs': () => refusalsAsApiErrors(() => ledger.runs()),
    'billing:export': ({ period, format, draft }) =>
      refusalsAsApiErrors(async (): Promise<BillingExportResult> => {
        if (!opts.saveFiles) throw new ApiError('unavailable', 'Saving billing exports is not available in this mode of the app.');
        const exported = ledger.exportMonth(period, format, draft ?? false);
        const result = await opts.saveFiles(exported.files, { period, format, draft: exported.draft });
        if (result.status === 'cancelled') return { status: 'cancelled' };
        const bySuggested = (i: number) => exported.files[i]!;
        const files = result.files.map((f, i) => ({
          fileName: f.fileName,
          ...('path' in f ? { path: f.path } : { url: f.url }),
          sha256: bySuggested(i).sha256,
          invoices: bySuggested(i).invoices,
          rows: bySuggested(i).rows,
        }));
        ledger.recordExport(
          exported,
          files.map((f) => ({ file: f.fileName, sha256: f.sha256 })),
        );
        return { status: result.status, files, leftOut: exported.leftOut };
      }),
  };
}
