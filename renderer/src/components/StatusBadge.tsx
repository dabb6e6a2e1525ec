// Seed: green = success, yellow = warning, red = error, gray = anything else. The glyph repeats the
// meaning for people who cannot tell the colours apart; screen readers read the word only.
const TONE: Record<string, { tone: string; glyph: string }> = {
  success: { tone: 'green', glyph: '✓' },
  warning: { tone: 'yellow', glyph: '!' },
  error: { tone: 'red', glyph: '✕' },
  failed: { tone: 'red', glyph: '✕' },
  partial: { tone: 'yellow', glyph: '!' },
  skip: { tone: 'gray', glyph: '→' },
  running: { tone: 'blue', glyph: '…' },
  cancelled: { tone: 'gray', glyph: '■' },
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const t = TONE[status] ?? { tone: 'gray', glyph: '•' };
  const text = label ?? status.charAt(0).toUpperCase() + status.slice(1);
  return (
    <span className={`badge badge-${t.tone}`} data-status={status}>
      <span className="badge-glyph" aria-hidden="true">
        {t.glyph}
      </span>
      {text}
    </span>
  );
}
