import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Modal } from '../../renderer/src/components/Modal';

afterEach(cleanup);

function Harness({ onClose }: { onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" onClick={() => setOpen(true)}>
        View
      </button>
      <button type="button">Behind the dialog</button>
      {open && (
        <Modal
          title="Log #7 details"
          onClose={() => {
            onClose?.();
            setOpen(false);
          }}
          actions={<button type="button">Copy JSON</button>}
        >
          <pre tabIndex={0}>{'{ "a": 1 }'}</pre>
        </Modal>
      )}
    </div>
  );
}

describe('Modal', () => {
  it('is a labelled modal dialog and moves focus into it when it opens', () => {
    render(<Harness />);
    const view = screen.getByRole('button', { name: 'View' });
    view.focus();
    fireEvent.click(view);
    const dialog = screen.getByRole('dialog', { name: 'Log #7 details' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it('keeps Tab and Shift+Tab inside the dialog', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'View' }));
    const dialog = screen.getByRole('dialog');
    const close = screen.getByRole('button', { name: 'Close' });
    const first = dialog.querySelector('pre') as HTMLElement;
    // From the last focusable element, Tab wraps to the first.
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    // From the first, Shift+Tab wraps to the last.
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
    // Focus that lands outside is pulled back in.
    screen.getByRole('button', { name: 'Behind the dialog' }).focus();
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it('closes on Escape and gives focus back to the button that opened it', () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    const view = screen.getByRole('button', { name: 'View' });
    view.focus();
    fireEvent.click(view);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(view);
  });

  it('closes with the Close button too', () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'View' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
