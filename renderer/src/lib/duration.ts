import { formatCount } from './format';

/**
 * A log row's duration in whole milliseconds. Most operations take well under a millisecond and are
 * stored rounded to 0; they read "< 1" rather than a misleading "0" (issue #16).
 */
export function formatMilliseconds(ms: number): string {
  return ms < 1 ? '< 1' : formatCount(ms);
}
