import { describe, expect, it } from 'vitest';
import { lastEngineSuccessAt, outcomeOfRuns, runScheduledWith, type ScheduledSyncEngine } from '../../../main/schedule/engine-adapter';
import type { RunSummary } from '../../../shared/domain';

const counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 };
const run = (over: Partial<RunSummary>): RunSummary => ({
  runId: 1,
  type: 'contract',
  trigger: 'schedule',
  status: 'success',
  dryRun: false,
  startedAt: '2026-06-10T06:00:00.000Z',
  finishedAt: '2026-06-10T06:01:00.000Z',
  counts,
  apiCalls: 3,
  durationMs: 60_000,
  message: null,
  ...over,
});

describe('scheduler ↔ sync engine adapter', () => {
  it('folds the contract and time runs into one outcome, the worst status winning', () => {
    expect(outcomeOfRuns([run({}), run({ type: 'time_entry' })])).toEqual({ kind: 'completed', status: 'success', message: 'Contract sync: success\nTime entry sync: success' });
    expect(outcomeOfRuns([run({ status: 'partial', message: '2 errors' }), run({ type: 'time_entry' })])).toMatchObject({
      kind: 'completed',
      status: 'partial',
      message: 'Contract sync: partial — 2 errors\nTime entry sync: success',
    });
    expect(outcomeOfRuns([run({ status: 'partial' }), run({ type: 'time_entry', status: 'failed', message: 'HTTP 401' })])).toMatchObject({ status: 'failed' });
    expect(outcomeOfRuns([])).toMatchObject({ kind: 'not-run' });
  });

  it('names the reason the engine recorded when nothing could start', async () => {
    const engine: ScheduledSyncEngine = { runScheduled: async () => [], lastSuccessfulScheduledRun: () => null };
    const latest = () => run({ status: 'failed', trigger: 'catch-up', message: 'Autotask credentials are incomplete: missing API secret.' });
    await expect(runScheduledWith(engine, latest)('catch-up')).resolves.toEqual({ kind: 'not-run', message: 'Autotask credentials are incomplete: missing API secret.' });
    // A failed run of another trigger is not this run's reason.
    await expect(runScheduledWith(engine, latest)('schedule')).resolves.toMatchObject({ message: 'The scheduled sync could not start; the log viewer shows why.' });
  });

  it('reads the engine’s last successful scheduled run as an instant', () => {
    expect(lastEngineSuccessAt({ runScheduled: async () => [], lastSuccessfulScheduledRun: () => run({}) })?.toISOString()).toBe('2026-06-10T06:00:00.000Z');
    expect(lastEngineSuccessAt({ runScheduled: async () => [], lastSuccessfulScheduledRun: () => null })).toBeNull();
  });
});
