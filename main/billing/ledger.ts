// The billing ledger (docs/product-rules.md#billing-close, #billing-commands, #accounting-exports): preview, close, reopen, holds, runs and the export document.
// Every open-month answer comes from the one pure computation over a snapshot; a closed month is read back
// from its stored run. Close and reopen each happen in ONE write transaction (BEGIN IMMEDIATE), with the
// snapshot re-read and the month re-computed inside it, so what closes is exactly what the preview
// showed for the same data, and a crash leaves either no run or a complete one.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { BillingCloseJson, BillingPreviewJson, BillingRunJson, BillingHoldRequest } from '../../shared/billing';
import type { BillingExportFormat } from '../../shared/settings';
import { addDays, toLocalDate } from '../../shared/dates';
import { centsToDecimal } from '../../shared/money';
import type { AppDatabase } from '../db/open-database';
import { readSettings } from '../config/settings-store';
import { loadBillingSnapshot } from '../db/queries/billing-snapshot';
import { itemHasPosting } from '../db/queries/labour-postings';
import type { BillingSnapshot, ComputedMonth } from './snapshot';
import type { ExportDocument, ExportWriter, Invoice, InvoiceLine, RequiredSettings } from './model';
import { BillingRefusal } from './billing-refusal';
import { exclusionJson, exportSettingsFrom, invoiceJson, preflight } from './billing-json';
import { isMonth, monthName, monthRange, previousMonth } from './ledger-period';
import * as store from './ledger-store';

/** The pure parts the ledger drives: the computation (compute.ts) and the writers (writers/index.ts). */
export interface BillingEngine {
  computeInvoices(snapshot: BillingSnapshot, month: string): ComputedMonth;
  exportWriters: Record<BillingExportFormat, ExportWriter>;
  requiredSettings: RequiredSettings;
  exportFileName(period: string, format: BillingExportFormat, suffix: string, ext: string): string;
}

export interface LedgerOptions {
  database: AppDatabase;
  engine: BillingEngine;
  now: () => Date;
  /** The OS user recorded in the audit (os.userInfo().username). */
  osUser: () => string;
}

/** One file of an export, ready for a transport to save. */
export interface ExportedFile {
  fileName: string;
  suffix: string;
  extension: string;
  bytes: Buffer;
  sha256: string;
  invoices: number;
  rows: number;
}

export interface MonthExport {
  period: string;
  format: BillingExportFormat;
  draft: boolean;
  /** The closed run exported (null for a draft). */
  runId: number | null;
  files: ExportedFile[];
  leftOut: Array<{ invoiceNumber: string; customer: string; total: string; reason: string }>;
}

export interface BillingLedger {
  preview(period: string): BillingPreviewJson;
  close(period: string): BillingCloseJson;
  reopen(period: string): { ok: true; message: string; runId: number; retired: string[] };
  runs(): BillingRunJson[];
  hold(request: BillingHoldRequest): { ok: true; message: string };
  releasePosted(request: { itemId: number; release: boolean; note?: string }): { ok: true; message: string };
  /** Builds the files of a month's export; writes nothing (the transport saves, then calls recordExport). */
  exportMonth(period: string, format: BillingExportFormat, draft: boolean): MonthExport;
  /** One audit row per saved file: format, the file name as saved, SHA-256 of its bytes. */
  recordExport(exported: MonthExport, saved: Array<{ file: string; sha256: string }>): void;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkPeriod(period: string): void {
  if (!isMonth(period)) throw new BillingRefusal(`The period must be a month like 2026-11, got "${period}".`);
}

/** Draft numbers: the files' shape without claiming real numbers. */
export function draftNumber(i: number): string {
  return `DRAFT-${String(i + 1).padStart(4, '0')}`;
}

/** The computation's refusals (a month before billing started, a bad month) in the ledger's terms. */
function computeOrRefuse(engine: BillingEngine, snap: BillingSnapshot, period: string): ComputedMonth {
  try {
    return engine.computeInvoices(snap, period);
  } catch (error) {
    if (error instanceof Error && error.name === 'BillingPeriodError') throw new BillingRefusal(error.message);
    throw error;
  }
}

export function createBillingLedger(opts: LedgerOptions): BillingLedger {
  const sqlite: Database.Database = opts.database.sqlite;
  const nowIso = () => opts.now().toISOString();
  const today = () => toLocalDate(opts.now());
  const snapshot = () => loadBillingSnapshot(sqlite, today());

  function heldCustomers(snap: BillingSnapshot): Set<number> {
    return new Set(snap.holds.filter((h) => h.kind === 'hold' && h.customerId !== null).map((h) => h.customerId!));
  }

  function previousTotals(period: string): Map<number, number> | null {
    const before = store.activeRunFor(sqlite, previousMonth(period));
    return before ? store.runTotalsByCustomer(sqlite, before.id) : null;
  }

  /** Why `period` cannot be closed now, or null (the ledger's own rules, before the computation's). */
  function closeRefusal(snap: BillingSnapshot, period: string): string | null {
    const name = monthName(period);
    if (snap.closedPeriods.includes(period)) return `${name} (${period}) is already closed. Reopen it first to change it (billing reopen --period ${period}).`;
    const last = snap.closedPeriods[snap.closedPeriods.length - 1];
    const before = previousMonth(period);
    if (last !== undefined && !snap.closedPeriods.includes(before)) {
      if (period < last) return `${name} (${period}) lies before the months already closed (latest: ${last}); months close in order and once.`;
      return `Close ${monthName(before)} (${before}) first: months close in order, so no month's recurring fees are skipped.`;
    }
    const { to } = monthRange(period);
    if (snap.today <= to) return `${name} (${period}) has not ended yet (it ends on ${to}); it can be closed from ${addDays(to, 1)}.`;
    return null;
  }

  function closedPreview(period: string, run: store.RunRow, snap: BillingSnapshot): BillingPreviewJson {
    const settings = readSettings(opts.database.db);
    const invoices = store.runInvoices(sqlite, run.id);
    const prev = previousTotals(period);
    const held = heldCustomers(snap);
    const range = monthRange(period);
    return {
      period: range,
      state: 'closed',
      runId: run.id,
      currency: run.currency,
      invoices: invoices.map((inv) => invoiceJson(inv, { previousTotalCents: prev?.get(inv.customerId) ?? null, held: held.has(inv.customerId) })),
      excluded: [],
      total: centsToDecimal(run.totalCents),
      closable: { ok: false, reason: `${monthName(period)} (${period}) is already closed.` },
      preflight: preflight({
        lastSuccessfulSyncAt: store.lastSuccessfulSyncAt(sqlite),
        invoices,
        excluded: [],
        settings,
        requiredSettings: opts.engine.requiredSettings,
        invoiceDate: range.to,
      }),
    };
  }

  function openPreview(period: string, snap: BillingSnapshot): BillingPreviewJson {
    const settings = readSettings(opts.database.db);
    const computed = computeOrRefuse(opts.engine, snap, period);
    const prev = previousTotals(period);
    const held = heldCustomers(snap);
    const refusal = closeRefusal(snap, period);
    const closable = refusal ? { ok: false, reason: refusal } : computed.closable;
    return {
      period: computed.period,
      state: 'open',
      runId: null,
      currency: settings.currency,
      invoices: computed.invoices.map((inv) => invoiceJson(inv, { previousTotalCents: prev?.get(inv.customerId) ?? null, held: held.has(inv.customerId) })),
      excluded: computed.excluded.map(exclusionJson),
      total: centsToDecimal(computed.totalCents),
      closable,
      preflight: preflight({
        lastSuccessfulSyncAt: store.lastSuccessfulSyncAt(sqlite),
        invoices: computed.invoices,
        excluded: computed.excluded,
        settings,
        requiredSettings: opts.engine.requiredSettings,
        invoiceDate: computed.period.to,
      }),
    };
  }

  /** What the source of a line stood at when it was billed (hours or units), for later adjustments (§5.4). */
  function billedQuantity(line: InvoiceLine, snap: BillingSnapshot): string | null {
    if (line.billedQuantity !== undefined) return line.billedQuantity;
    if (line.kind === 'time') return line.quantity;
    if (line.kind === 'recurring') return line.quantity;
    // An adjustment brings its source to where it stands now.
    if (line.source.itemId !== undefined) {
      const item = snap.items.find((i) => i.id === line.source.itemId);
      return item && !item.flagged ? item.hours : '0';
    }
    if (line.source.unitRowId !== undefined) {
      const row = snap.unitRows.find((r) => r.id === line.source.unitRowId);
      return row && !row.removedAt ? String(row.units) : '0';
    }
    return null;
  }

  function correctsLineId(line: InvoiceLine, snap: BillingSnapshot): number | null {
    if (line.kind !== 'adjustment' || !line.source.correctsInvoice) return null;
    const candidates = snap.billedLines.filter(
      (b) =>
        b.invoiceNumber === line.source.correctsInvoice &&
        ((line.source.itemId !== undefined && b.itemId === line.source.itemId) ||
          (line.source.unitRowId !== undefined && b.unitRowId === line.source.unitRowId) ||
          (line.source.timeEntryId !== undefined && b.autotaskTimeEntryId === line.source.timeEntryId)),
    );
    return candidates.length ? candidates[candidates.length - 1]!.lineId : null;
  }

  function itemIdOf(line: InvoiceLine, snap: BillingSnapshot): number | null {
    if (line.source.itemId !== undefined) return line.source.itemId;
    if (line.source.timeEntryId !== undefined) return snap.items.find((i) => i.autotaskTimeEntryId === line.source.timeEntryId)?.id ?? null;
    return null;
  }

  function serviceIdOf(line: InvoiceLine, snap: BillingSnapshot): number | null {
    if (line.source.serviceId !== undefined) return line.source.serviceId;
    if (line.source.contractServiceId !== undefined) {
      return snap.services.find((s) => s.autotaskContractServiceId === line.source.contractServiceId)?.id ?? null;
    }
    return null;
  }

  const ledger: BillingLedger = {
    preview(period) {
      checkPeriod(period);
      return sqlite.transaction(() => {
        const snap = snapshot();
        const run = store.activeRunFor(sqlite, period);
        return run ? closedPreview(period, run, snap) : openPreview(period, snap);
      })();
    },

    close(period) {
      checkPeriod(period);
      const by = opts.osUser();
      return sqlite
        .transaction((): BillingCloseJson => {
          const snap = snapshot();
          const refusal = closeRefusal(snap, period);
          if (refusal) throw new BillingRefusal(refusal);
          const computed = computeOrRefuse(opts.engine, snap, period);
          if (!computed.closable.ok) throw new BillingRefusal(computed.closable.reason ?? `${monthName(period)} cannot be closed now.`);
          const settings = readSettings(opts.database.db);
          const at = nowIso();
          const runId = store.insertRun(sqlite, {
            period,
            closedAt: at,
            closedBy: by,
            currency: settings.currency,
            totalCents: computed.totalCents,
            invoiceCount: computed.invoices.length,
          });
          let counter = store.lastInvoiceNumber(sqlite);
          const numbered: Array<Invoice & { invoiceNumber: string }> = [];
          for (const inv of computed.invoices) {
            let number: string;
            // Never issue a number twice, even if the prefix was changed back to an older one.
            do number = `${settings.invoicePrefix}${String(++counter).padStart(4, '0')}`;
            while (store.invoiceNumberTaken(sqlite, number));
            const invoice = { ...inv, invoiceNumber: number };
            const invoiceId = store.insertInvoice(sqlite, runId, invoice);
            inv.lines.forEach((line, position) =>
              store.insertLine(sqlite, invoiceId, {
                line,
                position,
                itemId: itemIdOf(line, snap),
                serviceId: serviceIdOf(line, snap),
                correctsLineId: correctsLineId(line, snap),
                billedQuantity: billedQuantity(line, snap),
              }),
            );
            numbered.push(invoice);
          }
          store.setLastInvoiceNumber(sqlite, counter);
          store.insertAudit(sqlite, {
            at,
            action: 'close',
            period,
            runId,
            osUser: by,
            details: {
              invoices: numbered.length,
              total: centsToDecimal(computed.totalCents),
              numbers: numbered.length ? [numbered[0]!.invoiceNumber, numbered[numbered.length - 1]!.invoiceNumber] : [],
            },
          });
          return {
            runId,
            period,
            invoices: numbered.map((i) => ({ invoiceNumber: i.invoiceNumber, customer: i.customerName, total: centsToDecimal(i.totalCents) })),
            total: centsToDecimal(computed.totalCents),
          };
        })
        .immediate();
    },

    reopen(period) {
      checkPeriod(period);
      const by = opts.osUser();
      return sqlite
        .transaction(() => {
          const latest = store.latestActiveRun(sqlite);
          if (!latest) throw new BillingRefusal('No month is closed, so there is nothing to reopen.');
          if (latest.period !== period) {
            const closed = store.activeRunFor(sqlite, period);
            throw new BillingRefusal(
              closed
                ? `Only the most recent closed month (${latest.period}) can be reopened; reopen it first.`
                : `${monthName(period)} (${period}) is not closed, so there is nothing to reopen.`,
            );
          }
          const at = nowIso();
          const retired = store.runInvoiceNumbers(sqlite, latest.id);
          store.markReopened(sqlite, latest.id, at, by);
          store.insertAudit(sqlite, { at, action: 'reopen', period, runId: latest.id, osUser: by, details: { retiredNumbers: retired } });
          const message =
            `${monthName(period)} (${period}) is open again; ` +
            (retired.length
              ? `invoice numbers ${retired[0]}${retired.length > 1 ? `…${retired[retired.length - 1]}` : ''} are retired and will not be issued again.`
              : 'it had no invoices.');
          return { ok: true as const, message, runId: latest.id, retired };
        })
        .immediate();
    },

    runs() {
      return sqlite.transaction(() =>
        store.allRuns(sqlite).map((r): BillingRunJson => ({
          runId: r.id,
          period: r.period,
          closedAt: r.closedAt,
          reopenedAt: r.reopenedAt,
          invoices: r.invoiceCount,
          total: centsToDecimal(r.totalCents),
          exports: store.exportsOfRun(sqlite, r.id),
        })),
      )();
    },

    hold(request) {
      const targets = [request.itemId, request.customerId, request.serviceId].filter((v) => v !== undefined);
      if (targets.length !== 1) throw new BillingRefusal('Name exactly one of an item, a customer or a service to hold or release.', '_');
      const target: store.HoldTarget =
        request.itemId !== undefined ? { itemId: request.itemId } : request.customerId !== undefined ? { customerId: request.customerId } : { serviceId: request.serviceId! };
      const [table, label, hint] =
        'itemId' in target
          ? (['engineering_items', `Item ${target.itemId}`, 'list items'] as const)
          : 'customerId' in target
            ? (['customers', `Customer ${target.customerId}`, 'list customers'] as const)
            : (['engineering_services', `Service ${target.serviceId}`, 'list services'] as const);
      const field = Object.keys(target)[0]!;
      const id = 'itemId' in target ? target.itemId : 'customerId' in target ? target.customerId : target.serviceId;
      const by = opts.osUser();
      return sqlite
        .transaction(() => {
          if (!store.exists(sqlite, table, id)) throw new BillingRefusal(`${label} does not exist (\`${hint}\` shows the ids).`, field);
          const active = store.activeHoldIds(sqlite, 'hold', target);
          const at = nowIso();
          if (request.release) {
            if (!active.length) throw new BillingRefusal(`${label} is not on hold.`, field);
            store.releaseHolds(sqlite, active, by, at);
            store.insertAudit(sqlite, { at, action: 'release', osUser: by, details: { ...target, holds: active } });
            return { ok: true as const, message: `${label} is released: its lines appear in the earliest open month's preview.` };
          }
          if (active.length) return { ok: true as const, message: `${label} is already on hold.` };
          const note = request.note?.trim() || null;
          const holdId = store.insertHold(sqlite, 'hold', target, note, by, at);
          store.insertAudit(sqlite, { at, action: 'hold', osUser: by, details: { ...target, hold: holdId, note } });
          return { ok: true as const, message: `${label} is on hold: it stays out of every close until it is released.` };
        })
        .immediate();
    },

    releasePosted({ itemId, release, note }) {
      const by = opts.osUser();
      return sqlite
        .transaction(() => {
          if (!store.exists(sqlite, 'engineering_items', itemId)) throw new BillingRefusal(`Item ${itemId} does not exist (\`list items\` shows the ids).`, 'itemId');
          const target = { itemId };
          const active = store.activeHoldIds(sqlite, 'release-posted', target);
          const at = nowIso();
          if (!release) {
            if (!active.length) throw new BillingRefusal(`Item ${itemId} was not released for billing here.`, 'itemId');
            store.releaseHolds(sqlite, active, by, at);
            store.insertAudit(sqlite, { at, action: 'release-posted-withdrawn', osUser: by, details: { itemId, releases: active } });
            return { ok: true as const, message: `Item ${itemId} is no longer billed here while Autotask has it posted.` };
          }
          if (!itemHasPosting(sqlite, itemId)) throw new BillingRefusal(`Item ${itemId} is not posted in Autotask; there is nothing to release.`, 'itemId');
          if (active.length) return { ok: true as const, message: `Item ${itemId} is already released for billing here.` };
          const releaseId = store.insertHold(sqlite, 'release-posted', target, note?.trim() || null, by, at);
          store.insertAudit(sqlite, { at, action: 'release-posted', osUser: by, details: { itemId, release: releaseId, note: note?.trim() || null } });
          return { ok: true as const, message: `Item ${itemId} will be billed here although Autotask has posted it.` };
        })
        .immediate();
    },

    exportMonth(period, format, draft) {
      checkPeriod(period);
      const writer = opts.engine.exportWriters[format];
      if (!writer) throw new BillingRefusal(`Unknown export format "${format}".`, 'format');
      const settings = readSettings(opts.database.db);
      const exportSettings = exportSettingsFrom(settings);
      const missing = opts.engine.requiredSettings(format, exportSettings);
      if (missing.length) {
        throw new BillingRefusal(
          `The ${format} export needs ${missing.join(' and ')}; set ${missing.length > 1 ? 'them' : 'it'} first (${missing.map((k) => `config set ${k} …`).join(', ')}). Nothing was written.`,
          'format',
        );
      }
      const { invoices, runId, isDraft } = sqlite.transaction(() => {
        const run = store.activeRunFor(sqlite, period);
        if (run) return { invoices: store.runInvoices(sqlite, run.id), runId: run.id as number | null, isDraft: false };
        if (!draft) {
          throw new BillingRefusal(`${monthName(period)} (${period}) is not closed. Close it first, or export the open preview as a draft (--draft).`);
        }
        const computed = computeOrRefuse(opts.engine, snapshot(), period);
        return { invoices: computed.invoices.map((inv, i) => ({ ...inv, invoiceNumber: draftNumber(i) })), runId: null, isDraft: true };
      })();
      const range = monthRange(period);
      const doc: ExportDocument = {
        period: range,
        invoiceDate: range.to,
        dueDate: addDays(range.to, settings.paymentTermsDays),
        draft: isDraft,
        invoices,
        settings: exportSettings,
      };
      const output = writer(doc);
      return {
        period,
        format,
        draft: isDraft,
        runId,
        files: output.files.map((f) => ({
          fileName: opts.engine.exportFileName(period, format, f.suffix, f.extension),
          suffix: f.suffix,
          extension: f.extension,
          bytes: f.bytes,
          sha256: sha256Hex(f.bytes),
          invoices: f.invoices,
          rows: f.rows,
        })),
        leftOut: output.leftOut.map((l) => ({ invoiceNumber: l.invoiceNumber, customer: l.customer, total: centsToDecimal(l.totalCents), reason: l.reason })),
      };
    },

    recordExport(exported, saved) {
      const by = opts.osUser();
      const at = nowIso();
      sqlite
        .transaction(() => {
          for (const s of saved) {
            store.insertAudit(sqlite, {
              at,
              action: 'export',
              period: exported.period,
              runId: exported.runId,
              osUser: by,
              format: exported.format,
              file: s.file,
              sha256: s.sha256,
              details: { draft: exported.draft, files: exported.files.length, leftOut: exported.leftOut.length },
            });
          }
        })
        .immediate();
    },
  };
  return ledger;
}
