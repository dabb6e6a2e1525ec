import { formatDateTime, relativeTime } from '../lib/format';

/** "5 minutes ago", with the exact local time as a tooltip and in the machine-readable attribute. */
export function RelativeTime({ iso, now }: { iso: string; now: Date }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
