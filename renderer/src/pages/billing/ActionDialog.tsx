import { useId, useState, type ReactNode } from 'react';
import { Modal } from '../../components/Modal';
import { errorMessage } from '../../lib/format';

export interface ActionDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Ask for an optional note (holds and releases). */
  withNote?: boolean;
  danger?: boolean;
  /** Runs the action; a thrown error is shown in the dialog, which stays open. */
  onConfirm: (note: string) => Promise<void>;
  onClose: () => void;
}

/**
 * A confirmation: what will happen in words, an optional note, the action and Cancel. Escape and Cancel
 * dismiss it, focus stays inside while it is open and goes back to the button that opened it (Modal). The
 * confirm button never becomes `disabled` while the action runs (that would drop focus to the page):
 * it is marked busy and ignores further clicks.
 */
export function ActionDialog({ title, children, confirmLabel, withNote, danger, onConfirm, onClose }: ActionDialogProps) {
  const noteId = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(note.trim());
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      onClose={() => !busy && onClose()}
      closeLabel="Cancel"
      initialFocus={withNote ? 'textarea' : '[data-dialog-confirm]'}
      actions={
        <button type="button" data-dialog-confirm="" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} aria-disabled={busy || undefined} onClick={() => void confirm()}>
          {busy ? `${confirmLabel}…` : confirmLabel}
        </button>
      }
    >
      <div className="dialog-text">{children}</div>
      {withNote && (
        <div className="field">
          <label htmlFor={noteId}>Note (optional)</label>
          <textarea id={noteId} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} className="note-input" />
        </div>
      )}
      <div role="alert" className="dialog-error">
        {error && <p className="feedback feedback-error">{error}</p>}
      </div>
    </Modal>
  );
}
