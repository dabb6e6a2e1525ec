import type { ReactNode } from 'react';

/**
 * Feedback messages. `status` messages are announced politely (confirmation that a sync was queued);
 * `alert` ones interrupt (a failure the bookkeeper must act on).
 */
export function Notice({ tone, children, onDismiss }: { tone: 'info' | 'success' | 'warning' | 'error'; children: ReactNode; onDismiss?: () => void }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="notice-text">{children}</div>
      {onDismiss && (
        <button type="button" className="btn-icon" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}
