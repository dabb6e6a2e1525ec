import { describe, expect, it } from 'vitest';
import { estimateRemaining, estimateText } from '../../renderer/src/lib/sync-estimate';
import { initialAnnouncer, onProgress } from '../../renderer/src/lib/sync-announcer';
import type { SyncProgress } from '../../shared/domain';

describe('remaining-time estimate', () => {
  it('has no estimate without a total, with nothing left, or a nonsense count', () => {
    expect(estimateRemaining(10, null, 60_000)).toEqual({ kind: 'none' });
    expect(estimateRemaining(10, 0, 60_000)).toEqual({ kind: 'none' });
    expect(estimateRemaining(100, 100, 60_000)).toEqual({ kind: 'none' });
    expect(estimateRemaining(-1, 100, 60_000)).toEqual({ kind: 'none' });
    expect(estimateText({ kind: 'none' })).toBe('');
  });

  it('says "estimating…" until 5 % of the phase and 3 s of it are behind', () => {
    expect(estimateRemaining(0, 1000, 60_000)).toEqual({ kind: 'estimating' });
    expect(estimateRemaining(49, 1000, 60_000)).toEqual({ kind: 'estimating' });
    expect(estimateRemaining(500, 1000, 2999)).toEqual({ kind: 'estimating' });
    expect(estimateText(estimateRemaining(1, 3, 1000))).toBe('estimating…');
  });

  it('extrapolates the rate so far: 250 of 1,000 in 30 s leaves 90 s', () => {
    expect(estimateRemaining(250, 1000, 30_000)).toEqual({ kind: 'remaining', ms: 90_000 });
    expect(estimateText(estimateRemaining(250, 1000, 30_000))).toBe('about 1 min 30 s left');
    expect(estimateText(estimateRemaining(900, 1000, 30_000))).toBe('a few seconds left');
    expect(estimateText({ kind: 'remaining', ms: 3 * 3600_000 + 61_000 })).toBe('about 3 h 1 min left');
  });

  it('adds the estimate to a milestone announcement, never "estimating…"', () => {
    const startedAt = new Date(Date.now() - 40_000).toISOString();
    const p = (done: number, phaseStartedAt = startedAt): SyncProgress => ({
      runId: 3,
      type: 'contract',
      trigger: 'manual',
      phase: 'Saving',
      done,
      total: 100,
      counts: { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 },
      startedAt,
      phaseStartedAt,
      message: '',
    });
    let s = onProgress(initialAnnouncer, p(0)).state;
    const half = onProgress(s, p(50));
    expect(half.say).toMatch(/^Contract sync: 50 % of saving done, about (35|40|45) s left\.$/);
    s = onProgress(initialAnnouncer, p(0)).state;
    const young = onProgress(s, p(25, new Date().toISOString()));
    expect(young.say).toBe('Contract sync: 25 % of saving done.');
  });
});

describe('progressPercent', () => {
  it('is determinate whenever the total is known; nothing to do is complete', async () => {
    const { progressPercent } = await import('../../renderer/src/lib/sync-estimate');
    expect(progressPercent(0, 1)).toBe(0);
    expect(progressPercent(1, 1)).toBe(100);
    expect(progressPercent(55, 100)).toBe(55);
    expect(progressPercent(120, 100)).toBe(100);
    expect(progressPercent(0, 0)).toBe(100);
    expect(progressPercent(5, null)).toBeNull();
  });
});
