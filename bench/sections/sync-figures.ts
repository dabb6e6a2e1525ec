// Issue 9 points 1–4: full sync calls vs the lower bound, full sync wall time under 100 ms latency vs the
// latency/concurrency bound, the nightly run when nothing changed, peak RSS per tenant size, and the local
// apply rate vs a bare insert loop. Every sync runs through the real CLI (`sync all --json`) in a child
// process, so its peak RSS is its own; the sandbox serving it lives in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, toLocalDate } from '../../shared/dates';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { startSandbox, type SandboxHandle, type SandboxStats } from '../../main/sandbox';
import { fullSyncBound, pagesFor, PICKLIST_ENTITIES, rowsNeeded, wallBoundMs, type CallBound } from '../lower-bound';
import { figure, missing, type Figure } from '../report/figure';
import { runCliSync, type CliSyncResult } from '../sync/cli-sync';
import { measureApplyRateInChild, type ApplyRateResult } from '../throughput/apply-rate';
import type { Progress } from './progress';

export interface SyncSectionOptions {
  /** Time entries per tenant size; the last one is the issue's `large` tenant (200,000). */
  sizes: number[];
  latencyMs: number;
  /** The client's per-endpoint concurrency (settings.apiConcurrency): requests in flight for the bound. */
  inFlight: number;
  progress: Progress;
  /** Per child-process sync. */
  syncTimeoutMs: number;
  /**
   * Full syncs per size for the peak RSS (each on a fresh database; the figure is their median). One
   * process's maxRSS is mostly garbage awaiting collection (the live heap at the peak is ~27 MB), so it moves
   * with GC timing on a shared machine: repeated runs of the same code gave 261–382 MB. Default 3.
   */
  rssRepeats?: number;
}

interface RunDoc {
  status: string;
  runs: { type: string; status: string; apiCalls: number; durationMs: number; counts: Record<string, number>; message: string }[];
}

export interface SyncRunFigures {
  timeEntries: number;
  exitCode: number;
  status: string;
  calls: number;
  callsByRoute: Record<string, number>;
  peakConcurrency: Record<string, number>;
  refused: SandboxStats['refused'];
  /** Sum of the runs' own durationMs (engine time; excludes process start-up). */
  engineMs: number;
  /** Child spawn to exit. */
  processMs: number;
  /** Median of `rssSamplesMb` when there are several. */
  maxRssMb: number | null;
  /** maxRSS of each full sync of this size (the first is this run's own). */
  rssSamplesMb?: number[];
  runs: RunDoc['runs'];
  message?: string;
}

export interface SyncSectionDetails {
  latencyMs: number;
  inFlight: number;
  window: { from: string; to: string };
  full: SyncRunFigures[];
  bound: CallBound | null;
  /** Billable, approved entries in the window the sync leaves out (not on a synced contract). */
  leftOut?: number;
  nightly: SyncRunFigures | null;
  /** Log rows the first full sync of the large tenant wrote, by sync type and status. */
  fullSyncLogRows?: { total: number; byKind: Record<string, number> };
  /** With the times of every run (ms) when it was measured more than once. */
  apply: (ApplyRateResult & { runsMs?: { real: number[]; bareWithLogs: number[] } }) | null;
  drivenBy: string;
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const sumRoutes = (s: SandboxStats) => Object.fromEntries(Object.entries(s.requests).map(([k, v]) => [k, Object.values(v).reduce((a, b) => a + b, 0)]));

function summarise(timeEntries: number, r: CliSyncResult, stats: SandboxStats): SyncRunFigures {
  const doc = (r.json ?? { status: 'failed', runs: [] }) as Partial<RunDoc>;
  const runs = Array.isArray(doc.runs) ? doc.runs : [];
  return {
    timeEntries,
    exitCode: r.exitCode,
    status: doc.status ?? (r.exitCode === 0 ? 'success' : 'failed'),
    calls: stats.total,
    callsByRoute: sumRoutes(stats),
    peakConcurrency: stats.peakConcurrency,
    refused: stats.refused,
    engineMs: runs.reduce((n, x) => n + (x.durationMs ?? 0), 0),
    processMs: r.wallMs,
    maxRssMb: r.maxRssMb,
    runs,
    message: r.exitCode === 0 ? undefined : (runs.find((x) => x.status === 'failed')?.message ?? r.stderrTail.slice(-400)),
  };
}

async function syncOnce(sb: SandboxHandle, dbFile: string, args: string[], opts: SyncSectionOptions, timeEntries: number): Promise<SyncRunFigures> {
  sb.control.resetStats();
  sb.control.resetHourlyCount();
  const r = await runCliSync({
    sandbox: sb,
    dbFile,
    args,
    timeoutMs: opts.syncTimeoutMs,
    onStderr: (l) => opts.progress.detail(l),
  });
  return summarise(timeEntries, r, sb.control.stats());
}

export async function runSyncSection(opts: SyncSectionOptions): Promise<{ figures: Figure[]; details: SyncSectionDetails }> {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-sync-'));
  const today = toLocalDate(new Date());
  const window = { from: addDays(today, -DEFAULT_SETTINGS.timeWindowDays), to: today };
  const details: SyncSectionDetails = {
    latencyMs: opts.latencyMs,
    inFlight: opts.inFlight,
    window,
    full: [],
    bound: null,
    nightly: null,
    apply: null,
    drivenBy: 'CLI `sync all --json` in a child process per run (node --import tsx); sandbox in the bench process',
  };
  try {
    for (const [i, size] of opts.sizes.entries()) {
      const last = i === opts.sizes.length - 1;
      opts.progress.step(`sandbox: large tenant with ${size.toLocaleString('en')} time entries`);
      const sb = await startSandbox({ size: 'large', seed: 1, latencyScale: 0, hourlyLimit: 1_000_000, tenantSpec: { timeEntries: size } });
      try {
        sb.control.setLatency(opts.latencyMs);
        const dbFile = path.join(work, `sync-${size}.db`);
        opts.progress.step(`full sync (${size.toLocaleString('en')} time entries, ${opts.latencyMs} ms latency)`);
        const full = await syncOnce(sb, dbFile, ['sync', 'all'], opts, size);
        const samples = [full.maxRssMb];
        for (let k = 1; k < (opts.rssRepeats ?? 3) && full.exitCode === 0; k++) {
          opts.progress.step(`  again on a fresh database, for the peak RSS (${k + 1} of ${opts.rssRepeats ?? 3})`);
          const again = await syncOnce(sb, path.join(work, `sync-${size}-rss-${k}.db`), ['sync', 'all'], opts, size);
          samples.push(again.exitCode === 0 ? again.maxRssMb : null);
        }
        if (samples.every((v): v is number => v !== null) && samples.length > 1) {
          full.rssSamplesMb = samples;
          full.maxRssMb = median(samples);
        }
        details.full.push(full);
        opts.progress.step(`  ${full.status}: ${full.calls} calls, ${(full.engineMs / 1000).toFixed(1)} s, peak RSS ${full.maxRssMb?.toFixed(0) ?? '?'} MB`);
        if (!last) continue;

        details.fullSyncLogRows = countLogRows(dbFile);
        const need = rowsNeeded({ list: (e) => sb.control.list(e) }, { skuPrefix: DEFAULT_SETTINGS.skuPrefix, activeStatus: 1, ...window, today });
        details.bound = fullSyncBound(need);
        details.leftOut = need.timeEntriesLeftOut;

        opts.progress.step('nightly sync with nothing changed (the scheduled `sync all` again)');
        // A night later the full sync's stored ThresholdInformation reading is hours old: not reused.
        forgetThresholdReading(dbFile);
        details.nightly = await syncOnce(sb, dbFile, ['sync', 'all'], opts, size);
        opts.progress.step(`  ${details.nightly.status}: ${details.nightly.calls} calls, ${(details.nightly.engineMs / 1000).toFixed(1)} s`);

        opts.progress.step('apply rate: contract sync on a fresh database (latency 0), then the pages applied in a child process (3 runs)');
        sb.control.setLatency(0);
        const contractsDb = path.join(work, 'contracts-only.db');
        const c = await syncOnce(sb, contractsDb, ['sync', 'contracts'], opts, size);
        if (c.exitCode !== 0) throw new Error(`sync contracts failed: ${c.message ?? ''}`);
        // In a process of its own (like the sync's), median of 3: one run moves by ±10 % on a shared machine.
        details.apply = await measureApplyRateInChild({
          control: sb.control,
          contractsDb,
          workDir: work,
          ...window,
          rate: DEFAULT_SETTINGS.hourlyRate,
          runs: opts.rssRepeats ?? 3,
        });
        opts.progress.step(`  real ${Math.round(details.apply.real.rowsPerSecond)} rows/s, bare ${Math.round(details.apply.bare.rowsPerSecond)} rows/s`);
      } finally {
        await sb.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { figures: syncFigures(details), details };
}

/** Drops the stored ThresholdInformation reading (main/db/threshold-cache.ts), as a day's wait would. */
export function forgetThresholdReading(dbFile: string): void {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.prepare("DELETE FROM sync_state WHERE key LIKE 'threshold:%'").run();
  } finally {
    db.close();
  }
}

/** The log rows in a sync database, by `sync_type status`. */
export function countLogRows(dbFile: string): { total: number; byKind: Record<string, number> } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT sync_type AS type, status, COUNT(*) AS n FROM sync_logs GROUP BY 1, 2 ORDER BY 1, 2').all() as { type: string; status: string; n: number }[];
    return { total: rows.reduce((a, r) => a + r.n, 0), byKind: Object.fromEntries(rows.map((r) => [`${r.type} ${r.status}`, r.n])) };
  } finally {
    db.close();
  }
}

/**
 * The nightly contract run's floor: the same contract-side rows as a full sync (contracts, their lines, the
 * catalogue, the lines' unit rows, and the customers' companies, none of which carry a change marker the
 * sync can use) in ceil(rows / 500) pages each (a later run knows how many rows each id returned, so its
 * `in` batches can fill their pages), and one ThresholdInformation reading; no zone lookup and no field lists
 * (both kept in the database: a day and a week). Companies are in it since customers follow their company
 * (issue #14): their `lastActivityDate` also moves on notes and time, so on a working tenant a "changed
 * since" read would return nearly all of them anyway.
 */
export function contractRefreshBound(full: CallBound): { pages: number; total: number; detail: string } {
  const read = full.entities
    .filter((e) => ['Contracts', 'ContractServices', 'Services', 'Companies', 'ContractServiceUnits'].includes(e.entity) && e.rows > 0)
    .map((e) => ({ entity: e.entity, pages: pagesFor(e.rows) }));
  const pages = read.reduce((n, e) => n + e.pages, 0);
  return { pages, total: pages + 1, detail: read.map((e) => `${e.entity} ${e.pages}`).join(', ') };
}

const ok = (r: SyncRunFigures | undefined | null): r is SyncRunFigures => !!r && r.exitCode === 0;

export function syncFigures(d: SyncSectionDetails): Figure[] {
  const out: Figure[] = [];
  const large = d.full[d.full.length - 1];
  const sizeLabel = large ? `${large.timeEntries.toLocaleString('en')} time entries` : '';
  if (!ok(large) || !d.bound) {
    const why = large ? `the full sync failed: ${large.message ?? large.status}` : 'the full sync did not run';
    out.push(missing('1', 'fullSync.apiCalls', 'API calls, full sync (large tenant)', why, '≤ 1.05 × bound'));
    out.push(missing('2', 'fullSync.wallTime', 'Wall time, full sync, 100 ms latency', why, '≤ 1.3 × bound'));
  } else {
    const b = d.bound;
    const perEntity = b.entities
      .map((e) => `${e.entity} ${e.rows.toLocaleString('en')} rows → ${e.pages} page${e.pages === 1 ? '' : 's'} (we made ${large.callsByRoute[e.entity] ?? 0} calls)`)
      .join('; ');
    out.push(
      figure({
        section: '1',
        key: 'fullSync.apiCalls',
        label: `API calls, full sync (${sizeLabel})`,
        value: large.calls,
        unit: 'calls',
        reference: b.total,
        referenceLabel: 'lower bound',
        target: '≤ 1.05 × bound',
        check: (_, r) => r !== null && r <= 1.05,
        note:
          `Bound = ${b.pages} pages (${perEntity}) + zone ${b.fixed.zone} + threshold ${b.fixed.threshold} + field lists ${b.fixed.fieldMetadata} (Contracts and BillingItems, for their picklists; the others are not fetched) + time-entry counts ${b.fixed.counts} (one per batch of ≤ 500 synced contracts + contractID exist + notExist). ` +
          `Time entries are only read on synced contracts (issue #15); ${(d.leftOut ?? 0).toLocaleString('en')} billable, approved entries on other contracts or none are counted, not read. ` +
          `The billing reads are in the bound: ContractServiceUnits per batch of ≤ 500 contract lines (unit window, at least one call per batch) and BillingItems (labour postings of the window, one keyset-paged query). ` +
          `Our calls by route: ${Object.entries(large.callsByRoute)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}. Rows needed come from the sandbox data with the sync's rules (SPEC §1).`,
      }),
    );
    const billingCalls = (large.callsByRoute.ContractServiceUnits ?? 0) + (large.callsByRoute.BillingItems ?? 0);
    out.push(
      figure({
        section: '1',
        key: 'fullSync.callsWithoutBillingReads',
        label: '  of which the reads the 2026-11-24 run made (all but ContractServiceUnits and BillingItems)',
        value: large.calls - billingCalls,
        unit: 'calls',
        reference: 275,
        referenceLabel: 'the 2026-11-24 full sync (before issue #15, before the billing reads)',
        target: '≤ 0.5 × before',
        check: (_, r) => r !== null && r <= 0.5,
        note:
          `Issue #15 asks for at most half of that run's 275 calls; the billing reads the sync has made since (ContractServiceUnits and BillingItems, ${billingCalls} calls here) were not in it, so they are left out of this figure. ` +
          `The bound of the same reads is ${b.total - b.entities.filter((e) => e.entity === 'ContractServiceUnits' || e.entity === 'BillingItems').reduce((n, e) => n + e.pages + (PICKLIST_ENTITIES.has(e.entity) ? 1 : 0), 0)} calls (the bound above without those two entities' pages and the BillingItems field list).`,
      }),
    );
    const te = large.callsByRoute.TimeEntries ?? 0;
    out.push(
      figure({
        section: '1',
        key: 'fullSync.timeEntryCalls',
        label: '  of which TimeEntries (reads limited to synced contracts)',
        value: te,
        unit: 'calls',
        reference: 239,
        referenceLabel: 'TimeEntries calls of the 2026-11-24 run (275 in all)',
        target: '≤ 0.5 × before',
        check: (_, r) => r !== null && r <= 0.5,
        note: `Before issue #15 every billable, approved entry in the window was read (117,781 on this tenant, 236 pages) and each one on a contract that is not synced was logged as a skip; now only the synced contracts' ${b.entities.find((e) => e.entity === 'TimeEntries')!.rows.toLocaleString('en')} entries are read.`,
      }),
    );
    const bound = wallBoundMs(large.calls, d.latencyMs, d.inFlight);
    const peaks = Object.entries(large.peakConcurrency)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push(
      figure({
        section: '2',
        key: 'fullSync.wallTime',
        label: `Wall time, full sync, ${d.latencyMs} ms latency`,
        value: large.engineMs / 1000,
        unit: 's',
        reference: bound / 1000,
        referenceLabel: `${large.calls} calls × ${d.latencyMs} ms / ${d.inFlight} in flight`,
        target: '≤ 1.3 × bound',
        check: (_, r) => r !== null && r <= 1.3,
        note:
          `Engine time = the two runs' own durationMs (${large.runs.map((r) => `${r.type} ${(r.durationMs / 1000).toFixed(1)} s, ${r.apiCalls} calls`).join('; ')}), excluding process start-up (${(large.processMs / 1000).toFixed(1)} s spawn-to-exit). ` +
          `In flight for the bound = the client's per-endpoint concurrency limit (${d.inFlight}); peak concurrency seen by the sandbox per route: ${peaks}. ` +
          ((large.peakConcurrency.TimeEntries ?? 0) <= 1
            ? 'Time entries are read with one keyset (id > last) loop, one page after the other, so that read never uses the second slot (2 × the bound at best), and each page is parsed and applied before the next is requested. '
            : `Time entries are read in ${large.peakConcurrency.TimeEntries} date partitions side by side, so local work overlaps the waits. `) +
          (d.apply
            ? `Local work alone (parse + plan + apply of the ${d.apply.entries.toLocaleString('en')} entries, figure 4, same run) takes ${(d.apply.real.ms / 1000).toFixed(1)} s on one core, while the sandbox serving the pages shares the other.`
            : ''),
      }),
    );
  }

  if (ok(large) && d.bound && d.fullSyncLogRows) {
    const inScope = d.bound.entities.reduce((a, e) => a + e.rows, 0);
    const kinds = Object.entries(d.fullSyncLogRows.byKind)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ');
    out.push(
      figure({
        section: '2',
        key: 'fullSync.logRows',
        label: `Log rows written by the first full sync (${sizeLabel})`,
        value: d.fullSyncLogRows.total,
        unit: 'rows',
        reference: inScope,
        referenceLabel: 'in-scope records read',
        target: '≤ in-scope records + 10',
        check: (v) => v <= inScope + 10,
        note:
          `In-scope records = the rows the bound reads (${d.bound.entities.map((e) => `${e.entity} ${e.rows.toLocaleString('en')}`).join(', ')}). ` +
          `Log rows by type and status: ${kinds}. Entries on contracts that are not synced are one summary row per run, not one row each.`,
      }),
    );
  }

  const n = d.nightly;
  if (!ok(large) || !ok(n)) {
    const why = n ? `the nightly sync failed: ${n.message ?? n.status}` : 'the nightly sync did not run';
    out.push(missing('3', 'nightly.apiCalls', 'API calls, nightly sync, nothing changed', why, '< 1 % of full'));
  } else {
    const routes = Object.entries(n.callsByRoute)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push(
      figure({
        section: '3',
        key: 'nightly.apiCalls',
        label: 'API calls, nightly sync, nothing changed',
        value: n.calls,
        unit: 'calls',
        reference: large.calls,
        referenceLabel: 'full sync',
        target: '< 1 % of full (a handful)',
        check: (_, r) => r !== null && r < 0.01,
        note: `Calls by route: ${routes}. Runs: ${n.runs.map((r) => `${r.type} ${r.status} (${r.apiCalls} calls)`).join(', ')}.`,
      }),
    );
    const contractRun = n.runs.find((r) => r.type === 'contract');
    const timeRun = n.runs.find((r) => r.type === 'time_entry');
    if (timeRun) {
      out.push(
        figure({
          section: '3',
          key: 'nightly.timeEntryRun.apiCalls',
          label: '  of which the time-entry run (incremental)',
          value: timeRun.apiCalls,
          unit: 'calls',
          target: 'a handful (≤ 5)',
          check: (v) => v <= 5,
          note: timeRun.message,
        }),
      );
    }
    if (contractRun && d.bound) {
      const refresh = contractRefreshBound(d.bound);
      out.push(
        figure({
          section: '3',
          key: 'nightly.contractRun.apiCalls',
          label: '  of which the contract run (full refresh)',
          value: contractRun.apiCalls,
          unit: 'calls',
          reference: refresh.total,
          referenceLabel: 'refresh bound',
          target: '≤ 1.05 × bound',
          check: (_, r) => r !== null && r <= 1.05,
          note:
            `Contracts and ContractServices carry no change marker in the Autotask API (reference §4), so every run re-reads the matching contracts and their lines: ` +
            `bound = ${refresh.pages} pages (${refresh.detail}: ceil(rows / 500) each, since this run knows how many rows each contract and line returned last time and cuts its \`in\` batches to fill their pages) + threshold 1; no zone lookup and no field lists (the full sync's, kept in the database for a day and a week); Companies are re-read so a renamed company reaches its customer (issue #14; their lastActivityDate also moves on notes and time, so a changed-since read would return nearly all of them); ContractServiceUnits carry no change marker either (reference billing §3), so the unit window is re-read. ` +
            `This refresh alone is ${((100 * refresh.total) / large.calls).toFixed(0)} % of a full sync, which is why the 1 % target cannot be met on this tenant.`,
        }),
      );
    }
    if (d.bound) {
      const refresh = contractRefreshBound(d.bound);
      const postings = d.bound.entities.find((e) => e.entity === 'BillingItems');
      out.push(
        figure({
          section: '3',
          key: 'nightly.vsRefreshBound',
          label: '  the whole nightly run vs the contract-refresh bound',
          value: n.calls,
          unit: 'calls',
          reference: refresh.total,
          referenceLabel: 'contract-refresh bound',
          target: '≤ bound + 5 calls',
          check: (v) => v <= refresh.total + 5,
          note:
            `Issue #15's target: beyond the contract refresh, the nightly run may spend 5 calls. ${n.calls - refresh.total} calls above the bound: ` +
            `the time-entry run (${timeRun?.apiCalls ?? '?'} calls: per batch of synced contracts one incremental read and one completeness count` +
            (postings
              ? `, plus the labour postings of the window, ${postings.rows.toLocaleString('en')} BillingItems in ${postings.pages} pages, re-read every run because BillingItems carry no change marker and an un-posting must lift the double-billing guard`
              : '') +
            `) and the contract run's calls above its own bound.`,
        }),
      );
    }
    out.push(
      figure({
        section: '3',
        key: 'nightly.wallTime',
        label: `Wall time, nightly sync, ${d.latencyMs} ms latency`,
        value: n.engineMs / 1000,
        unit: 's',
        reference: large.engineMs / 1000,
        referenceLabel: 'full sync',
        target: '< 1 % of full',
        check: (_, r) => r !== null && r < 0.01,
      }),
    );
  }

  if (d.apply) {
    const a = d.apply;
    out.push(
      figure({
        section: '4',
        key: 'apply.rowsPerSecond',
        label: 'Rows upserted/s, real sync path (no network)',
        value: a.real.rowsPerSecond,
        unit: 'rows/s',
        reference: a.bare.rowsPerSecond,
        referenceLabel: 'bare prepared insert, 500/tx',
        target: '≥ 0.5 × bare',
        check: (_, r) => r !== null && r >= 0.5,
        note:
          `${a.real.rows.toLocaleString('en')} items from ${a.entries.toLocaleString('en')} entries in ${Math.ceil(a.entries / 500)} pages: parse + plan + apply ` +
          `(${a.logRows.toLocaleString('en')} log rows with JSON details, run counts) in ${(a.real.ms / 1000).toFixed(2)} s; the bare loop inserted the same ${a.bare.rows.toLocaleString('en')} rows in ${(a.bare.ms / 1000).toFixed(2)} s. ` +
          `Per time entry read: ${Math.round(a.entries / (a.real.ms / 1000)).toLocaleString('en')} entries/s. Both on databases opened by openDatabase (WAL, synchronous=FULL, same indexes). ` +
          'What limits it: one log row per entry (SPEC §2: skips and creates are logged, with JSON details), each updating four sync_logs indexes (sync_log_counts takes one grouped UPSERT per page and hour × type × status); the bare loop writes only the item rows.',
      }),
    );
    const perSecond = (ms: number) => a.entries / (ms / 1000);
    out.push(
      figure({
        section: '4',
        key: 'apply.entriesPerSecond',
        label: 'In-scope entries/s, real sync path (no network)',
        value: perSecond(a.real.ms),
        unit: 'entries/s',
        reference: perSecond(a.bareWithLogs.ms),
        referenceLabel: 'bare loop writing the same items + log rows',
        target: '≥ 40,000 entries/s',
        check: (v) => v >= 40_000,
        note:
          `Issue #15: the ${a.entries.toLocaleString('en')} entries on synced contracts (what the contract-filtered read returns), parsed, planned and applied; ` +
          `the bare loop writes the same ${a.bareWithLogs.rows.toLocaleString('en')} items and ${a.logRows.toLocaleString('en')} log rows and parses nothing. ` +
          (a.runsMs
            ? `Measured in a child process of its own, like a sync's (not in the benchmark's, which holds the sandbox tenant): the run with the median real-path time of ${a.runsMs.real.length} (real path ${a.runsMs.real.join(' / ')} ms, bare loop with logs ${a.runsMs.bareWithLogs.join(' / ')} ms). `
            : '') +
          `The profile of this path (its top functions, before and after the counts left the triggers) is in bench/PROFILE.md, appended below the notes.`,
      }),
    );
    out.push(
      figure({
        section: '4',
        key: 'apply.vsBareWithLogs',
        label: '  same, vs a bare loop writing the same items + log rows',
        value: a.real.rowsPerSecond,
        unit: 'rows/s',
        reference: a.bareWithLogs.rowsPerSecond,
        referenceLabel: 'bare items + logs, 500/tx',
        note:
          `The bare loop wrote the ${a.bareWithLogs.rows.toLocaleString('en')} items and the real path's ${a.logRows.toLocaleString('en')} log rows (same text and JSON, counted in sync_log_counts per batch as the recorder does) in ${(a.bareWithLogs.ms / 1000).toFixed(2)} s: ` +
          'the gap to this reference is our own parsing, planning and bookkeeping; the gap between the two references is the cost of the log rows SPEC §2 asks for.',
      }),
    );
  } else {
    out.push(missing('4', 'apply.rowsPerSecond', 'Rows upserted/s, real sync path (no network)', 'not measured (see the progress log)', '≥ 0.5 × bare'));
  }

  const first = d.full.find(ok);
  for (const r of d.full) {
    const label = `Peak RSS, full sync, ${r.timeEntries.toLocaleString('en')} time entries`;
    if (!ok(r) || r.maxRssMb === null) {
      out.push(missing('4', `fullSync.peakRss.${r.timeEntries}`, label, `the sync failed: ${r.message ?? r.status}`, '< 300 MB, flat'));
      continue;
    }
    const smallest = first && first !== r ? first : null;
    out.push(
      figure({
        section: '4',
        key: `fullSync.peakRss.${r.timeEntries}`,
        label,
        value: r.maxRssMb,
        unit: 'MB',
        reference: smallest?.maxRssMb ?? null,
        referenceLabel: smallest ? `${smallest.timeEntries.toLocaleString('en')} entries` : 'smallest size',
        target: '< 300 MB, flat',
        check: (v, ratio) => v < 300 && (ratio === null || ratio <= 1.25),
        note:
          (r === first ? 'maxRSS of the CLI child process (process.resourceUsage), Node + tsx included. Flat = within 1.25 × the smallest size. ' : '') +
          (r.rssSamplesMb
            ? `Median of ${r.rssSamplesMb.length} full syncs on fresh databases: ${r.rssSamplesMb.map((v) => v.toFixed(0)).join(', ')} MB (maxRSS follows GC timing; the live heap at the peak is far smaller).`
            : ''),
      }),
    );
  }
  return out;
}
