import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../renderer/src/lib/format';

describe('relativeTime on the dashboard', () => {
  const now = new Date('2026-12-02T10:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('reads "just now" for a sync that finished after the page’s last clock tick (was "in 0 minutes")', () => {
    expect(relativeTime(at(1_500), now)).toBe('just now');
    expect(relativeTime(at(59_000), now)).toBe('just now');
  });

  it('keeps "just now" under a minute ago and whole minutes after that', () => {
    expect(relativeTime(at(0), now)).toBe('just now');
    expect(relativeTime(at(-59_999), now)).toBe('just now');
    expect(relativeTime(at(-60_000), now)).toBe('1 minute ago');
    expect(relativeTime(at(-2 * 3_600_000), now)).toBe('2 hours ago');
  });
});
