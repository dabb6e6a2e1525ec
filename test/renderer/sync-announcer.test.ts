import { describe, expect, it } from 'vitest';
import { formatElapsed, initialAnnouncer, onFinished, onProgress, retryInSeconds } from '../../renderer/src/lib/sync-announcer';
import { formatMilliseconds } from '../../renderer/src/lib/duration';
import type { RunSummary, SyncProgress } from '../../shared/domain';

const counts = { create: 2, update: 1, unchanged: 0, skip: 0, error: 0, warning: 0 };
const p = (over: Partial<SyncProgress> = {}): SyncProgress => ({
  runId: 1,
  type: 'time_entry',
  trigger: 'manual',
  phase: 'Reading time entries',
  done: 0,
  total: 200,
  counts,
  startedAt: '2026-12-02T10:00:00Z',
  phaseStartedAt: new Date().toISOString(),
  message: '',
  ...over,
});

describe('sync announcer', () => {
  it('says the start once, each milestone once, and nothing for progress in between', () => {
    const said: (string | null)[] = [];
    let s = initialAnnouncer;
    for (const done of [0, 10, 49, 50, 60, 120, 199, 200]) {
      const r = onProgress(s, p({ done }));
      s = r.state;
      said.push(r.say);
    }
    expect(said).toEqual([
      'Time entry sync started.',
      null,
      null,
      'Time entry sync: 25 % of reading time entries done.',
      null,
      'Time entry sync: 50 % of reading time entries done.',
      'Time entry sync: 75 % of reading time entries done.',
      null,
    ]);
    // A jump straight past several milestones says the highest only.
    expect(onProgress({ ...initialAnnouncer, runId: 1 }, p({ done: 190 })).say).toBe('Time entry sync: 75 % of reading time entries done.');
  });

  it('counts milestones afresh for each phase, and says nothing for a phase done in one step', () => {
    let s = onProgress(initialAnnouncer, p({ phase: 'Starting', done: 0, total: 1 })).state;
    const say = (over: Partial<SyncProgress>) => {
      const r = onProgress(s, p(over));
      s = r.state;
      return r.say;
    };
    expect(say({ phase: 'Starting', done: 1, total: 1 })).toBeNull();
    expect(say({ phase: 'Reading contracts', done: 0, total: 40 })).toBeNull();
    expect(say({ phase: 'Reading contracts', done: 20, total: 40 })).toBe('Time entry sync: 50 % of reading contracts done.');
    expect(say({ phase: 'Reading contracts', done: 40, total: 40 })).toBeNull();
    expect(say({ phase: 'Planning', done: 0, total: 40 })).toBeNull();
    expect(say({ phase: 'Planning', done: 40, total: 40 })).toBeNull();
    expect(say({ phase: 'Saving', done: 11, total: 40 })).toBe('Time entry sync: 25 % of saving done.');
    expect(say({ phase: 'Saving', done: 12, total: 40 })).toBeNull();
    expect(say({ phase: 'Saving', done: 31, total: 40 })).toBe('Time entry sync: 75 % of saving done.');
  });

  it('says a back-off wait and a cancel request once each', () => {
    const start = onProgress(initialAnnouncer, p()).state;
    const until = new Date(Date.now() + 20_000).toISOString();
    const w = onProgress(start, p({ waiting: { until, reason: 'HTTP 429' } }));
    expect(w.say).toMatch(/^Waiting for Autotask \(retrying in (19|20) s\)\.$/);
    expect(onProgress(w.state, p({ waiting: { until, reason: 'HTTP 429' } })).say).toBeNull();
    const c = onProgress(start, p({ cancelling: true }));
    expect(c.say).toBe('Cancelling the time entry sync; it stops after the current page.');
    expect(onProgress(c.state, p({ cancelling: true })).say).toBeNull();
  });

  it('says each outcome in words', () => {
    const run = (status: RunSummary['status'], message: string | null = null): RunSummary => ({
      runId: 1,
      type: 'contract',
      trigger: 'manual',
      status,
      dryRun: false,
      startedAt: '',
      finishedAt: '',
      counts,
      apiCalls: 1,
      durationMs: 1,
      message,
    });
    expect(onFinished(run('success')).say).toBe('Contract sync finished: 2 created, 1 updated, 0 errors.');
    expect(onFinished(run('partial')).say).toBe('Contract sync finished with errors: 2 created, 1 updated, 0 errors.');
    expect(onFinished(run('cancelled')).say).toBe('Contract sync cancelled: 2 created, 1 updated, 0 errors before it stopped.');
    expect(onFinished(run('failed', 'The API secret was rejected')).say).toBe('Contract sync failed: The API secret was rejected');
  });

  it('formats elapsed time, seconds to retry and sub-millisecond durations', () => {
    expect(formatElapsed(999)).toBe('0 s');
    expect(formatElapsed(65_000)).toBe('1 min 5 s');
    expect(formatElapsed(3_720_000)).toBe('1 h 2 min');
    expect(retryInSeconds('2026-12-02T10:00:20.000Z', Date.parse('2026-12-02T10:00:00.500Z'))).toBe(20);
    expect(retryInSeconds('2026-12-02T10:00:00.000Z', Date.parse('2026-12-02T10:00:05Z'))).toBe(1);
    expect(formatMilliseconds(0)).toBe('< 1');
    expect(formatMilliseconds(1234)).toBe('1,234');
  });
});
