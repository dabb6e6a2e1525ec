import { describe, expect, it } from 'vitest';
import { fullSyncBound } from '../../../bench/lower-bound';
import { contractRefreshBound, syncFigures, type SyncRunFigures, type SyncSectionDetails } from '../../../bench/sections/sync-figures';

const run = (over: Partial<SyncRunFigures>): SyncRunFigures => ({
  timeEntries: 200_000,
  exitCode: 0,
  status: 'success',
  calls: 274,
  callsByRoute: { TimeEntries: 238 },
  peakConcurrency: { TimeEntries: 1 },
  refused: { threadLimit: 0, overLimit: 0, auth: 0, other: 0 },
  engineMs: 20_000,
  processMs: 21_000,
  maxRssMb: 240,
  runs: [
    { type: 'contract', status: 'success', apiCalls: 33, durationMs: 4000, counts: {}, message: '' },
    { type: 'time_entry', status: 'success', apiCalls: 241, durationMs: 16_000, counts: {}, message: '' },
  ],
  ...over,
});

const bound = fullSyncBound({ contracts: 1750, contractServices: 8227, services: 60, companies: 1018, timeEntries: 117_781 });

function details(over: Partial<SyncSectionDetails> = {}): SyncSectionDetails {
  return {
    latencyMs: 100,
    inFlight: 2,
    window: { from: '2026-08-26', to: '2026-11-24' },
    full: [run({ timeEntries: 50_000, maxRssMb: 200 }), run({})],
    bound,
    nightly: run({
      calls: 30,
      engineMs: 3000,
      runs: [
        { type: 'contract', status: 'success', apiCalls: 27, durationMs: 2500, counts: {}, message: '' },
        { type: 'time_entry', status: 'success', apiCalls: 3, durationMs: 500, counts: {}, message: '' },
      ],
    }),
    apply: {
      entries: 1000,
      real: { rows: 400, ms: 100, rowsPerSecond: 4000 },
      bare: { rows: 400, ms: 10, rowsPerSecond: 40_000 },
      bareWithLogs: { rows: 400, ms: 50, rowsPerSecond: 8000 },
      ratio: 0.1,
      logRows: 1000,
    },
    drivenBy: 'test',
    ...over,
  };
}

const byKey = (figs: ReturnType<typeof syncFigures>) => new Map(figs.map((f) => [f.key, f]));

describe('sync benchmark figures', () => {
  it('compares the full sync with its bounds and judges each target', () => {
    const f = byKey(syncFigures(details()));
    expect(bound.total).toBe(264);
    expect(f.get('fullSync.apiCalls')!.ratio).toBeCloseTo(274 / 264);
    expect(f.get('fullSync.apiCalls')!.verdict).toBe('met');
    // 274 calls × 100 ms / 2 = 13.7 s; 20 s is 1.46 × that.
    expect(f.get('fullSync.wallTime')!.reference).toBeCloseTo(13.7);
    expect(f.get('fullSync.wallTime')!.verdict).toBe('missed');
    expect(f.get('apply.rowsPerSecond')!.ratio).toBeCloseTo(0.1);
    expect(f.get('apply.rowsPerSecond')!.verdict).toBe('missed');
    expect(f.get('apply.vsBareWithLogs')!.ratio).toBeCloseTo(0.5);
    expect(f.get('apply.vsBareWithLogs')!.verdict).toBe('info');
  });

  it('splits the nightly run and bounds its contract refresh', () => {
    const f = byKey(syncFigures(details()));
    expect(f.get('nightly.apiCalls')!.verdict).toBe('missed'); // 30 of 274 is not under 1 %
    expect(f.get('nightly.timeEntryRun.apiCalls')!.verdict).toBe('met');
    const refresh = contractRefreshBound(bound);
    // No field metadata: the full sync's lists are kept in the database (a week).
    // Companies too: customers follow their company (issue #14).
    expect(refresh).toEqual({ pages: 4 + 17 + 1 + 3, total: 26, detail: 'Contracts 4, ContractServices 17, Services 1, Companies 3' });
    expect(f.get('nightly.contractRun.apiCalls')!.reference).toBe(26);
    expect(f.get('nightly.contractRun.apiCalls')!.verdict).toBe('met'); // 27 / 26 ≤ 1.05
  });

  it('judges the issue #15 targets: nightly within 5 calls of the refresh bound, log rows, in-scope entries a second', () => {
    const withBilling = fullSyncBound({
      contracts: 1750,
      contractServices: 8227,
      services: 60,
      companies: 1018,
      timeEntries: 48_901,
      timeEntryBatches: [20_000, 20_000, 8_901],
      unitRowBatches: Array.from({ length: 17 }, () => 400),
      labourPostings: 20_000,
    });
    const refresh = contractRefreshBound(withBilling);
    // Contracts 4 + ContractServices 17 + Services 1 + Companies 3 + ContractServiceUnits 14 (6,800 rows: a
    // later run packs its batches to fill pages, so not one part-filled page per batch of lines), + threshold.
    expect(refresh).toMatchObject({ pages: 39, total: 40, detail: 'Contracts 4, ContractServices 17, Services 1, Companies 3, ContractServiceUnits 14' });
    const nightly = (calls: number) =>
      run({
        calls,
        runs: [
          { type: 'contract', status: 'success', apiCalls: 40, durationMs: 2500, counts: {}, message: '' },
          { type: 'time_entry', status: 'success', apiCalls: calls - 40, durationMs: 500, counts: {}, message: '' },
        ],
      });
    const logRows = { total: 48_901 + 1750 + 8227 + 1018 + 6800 + 20_000 + 60 + 10, byKind: { 'time_entry success': 48_901 } };
    const f = byKey(syncFigures(details({ bound: withBilling, nightly: nightly(45), fullSyncLogRows: logRows })));
    expect(f.get('nightly.vsRefreshBound')!.verdict).toBe('met');
    expect(f.get('nightly.vsRefreshBound')!.note).toContain('20,000 BillingItems in 40 pages');
    expect(byKey(syncFigures(details({ bound: withBilling, nightly: nightly(46) }))).get('nightly.vsRefreshBound')!.verdict).toBe('missed');
    expect(f.get('fullSync.logRows')!.verdict).toBe('met');
    // 274 calls, none of them billing reads: 274 / 275 is not half.
    expect(f.get('fullSync.callsWithoutBillingReads')).toMatchObject({ value: 274, reference: 275, verdict: 'missed' });
    const lean = run({ calls: 250, callsByRoute: { TimeEntries: 100, ContractServiceUnits: 67, BillingItems: 41 } });
    const g = byKey(syncFigures(details({ bound: withBilling, full: [run({ timeEntries: 50_000, maxRssMb: 200 }), lean] })));
    expect(g.get('fullSync.callsWithoutBillingReads')).toMatchObject({ value: 142, verdict: 'missed' });
    expect(g.get('fullSync.callsWithoutBillingReads')!.note).toContain('108 calls here');
    expect(byKey(syncFigures(details({ bound: withBilling, fullSyncLogRows: { ...logRows, total: logRows.total + 1 } }))).get('fullSync.logRows')!.verdict).toBe('missed');
    // 1,000 entries in 100 ms = 10,000/s, under 40,000; the bare loop's 50 ms = 20,000/s.
    expect(f.get('apply.entriesPerSecond')).toMatchObject({ value: 10_000, reference: 20_000, verdict: 'missed' });
    expect(f.get('apply.entriesPerSecond')!.note).not.toContain('child process');
    const measured = { ...details().apply!, runsMs: { real: [110, 100, 120], bareWithLogs: [50, 55, 52] } };
    expect(byKey(syncFigures(details({ apply: measured }))).get('apply.entriesPerSecond')!.note).toContain('median real-path time of 3 (real path 110 / 100 / 120 ms');
    const fast = details().apply!;
    expect(byKey(syncFigures(details({ apply: { ...fast, real: { ...fast.real, ms: 25 } } }))).get('apply.entriesPerSecond')!.verdict).toBe('met');
  });

  it('reports peak RSS per size against the smallest size', () => {
    const f = byKey(syncFigures(details()));
    expect(f.get('fullSync.peakRss.50000')!.verdict).toBe('met');
    expect(f.get('fullSync.peakRss.200000')!.ratio).toBeCloseTo(1.2);
    expect(f.get('fullSync.peakRss.200000')!.verdict).toBe('met');
    const grown = byKey(syncFigures(details({ full: [run({ timeEntries: 50_000, maxRssMb: 100 }), run({ maxRssMb: 200 })] })));
    expect(grown.get('fullSync.peakRss.200000')!.verdict).toBe('missed');
    // Several samples: the figure is the section's median, and the note lists them all.
    const sampled = byKey(syncFigures(details({ full: [run({ timeEntries: 50_000, maxRssMb: 240 }), run({ maxRssMb: 262, rssSamplesMb: [306, 262, 261] })] })));
    expect(sampled.get('fullSync.peakRss.200000')!.value).toBe(262);
    expect(sampled.get('fullSync.peakRss.200000')!.note).toContain('Median of 3 full syncs on fresh databases: 306, 262, 261 MB');
  });

  it('says why a figure is missing when the sync failed', () => {
    const failed = run({ exitCode: 1, status: 'failed', message: 'The API secret was rejected (HTTP 401)' });
    const f = byKey(syncFigures(details({ full: [failed], nightly: null, apply: null })));
    expect(f.get('fullSync.apiCalls')!.verdict).toBe('not measured');
    expect(f.get('fullSync.apiCalls')!.note).toContain('HTTP 401');
    expect(f.get('nightly.apiCalls')!.verdict).toBe('not measured');
    expect(f.get('apply.rowsPerSecond')!.verdict).toBe('not measured');
  });
});
