import { describe, expect, it } from 'vitest';
import { logViewerFigures, type LogViewerSize } from '../../../bench/sections/log-viewer-figures';
import { peerFigures } from '../../../bench/sections/peer-figures';

const size = (rows: number, over: Partial<LogViewerSize> = {}): LogViewerSize => ({
  rows,
  seedS: 20,
  dbMb: 360,
  dashboard: { p50Ms: 11, maxMs: 17 },
  pages: { cases: 576, p50Ms: 0.8, p95Ms: 10, maxMs: 23, over50: 0, worst: [{ filter: 'all', perPage: 100, page: 'last', ms: 23 }] },
  export: { rows, seconds: 4, peakRssMb: 150, rssBeforeMb: 89, csvMb: 89 },
  planProblems: [],
  ...over,
});

describe('log viewer and peer figures', () => {
  it('judges dashboard, pages, export time and export memory per size', () => {
    const figs = logViewerFigures({
      tz: 'UTC',
      days: 180,
      results: [size(1_000_000), size(2_000_000, { export: { rows: 2_000_000, seconds: 12, peakRssMb: 160, rssBeforeMb: 89, csvMb: 178 } })],
    });
    const f = new Map(figs.map((x) => [x.key, x]));
    expect(f.get('logViewer.1M.dashboard')!.value).toBe(11); // the median of 20
    expect(f.get('logViewer.1M.dashboard')!.verdict).toBe('met');
    expect(f.get('logViewer.1M.pages')!.verdict).toBe('met');
    expect(f.get('logViewer.1M.exportTime')!.verdict).toBe('met');
    expect(f.get('logViewer.2M.exportTime')!.verdict).toBe('missed');
    expect(f.get('logViewer.2M.exportRss')!.ratio).toBeCloseTo(160 / 150);
    expect(f.get('logViewer.2M.exportRss')!.verdict).toBe('met');
  });

  it('fails the page figure when a query plan scans the table, however fast it was', () => {
    const figs = logViewerFigures({ tz: 'UTC', days: 180, results: [size(1_000_000, { planProblems: ['SCAN sync_logs'] })] });
    expect(figs.find((x) => x.key === 'logViewer.1M.pages')!.verdict).toBe('missed');
  });

  it('puts ours over theirs for calls and wall time', () => {
    const read = (calls: number, wallMs: number) => ({ calls, wallMs, timeEntries: 200_000, contracts: 1750, companies: 1138 });
    const [calls, wall] = peerFigures({ latencyMs: 20, ours: read(417, 13_500), theirs: read(2159, 57_800) });
    expect(calls!.ratio).toBeCloseTo(417 / 2159);
    expect(calls!.verdict).toBe('met');
    expect(wall!.value).toBeCloseTo(13.5);
    expect(wall!.reference).toBeCloseTo(57.8);
    expect(wall!.verdict).toBe('met');
  });
});
