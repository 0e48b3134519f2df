// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from './confirm-dialog';

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Roll back
      </button>
      {open ? (
        <ConfirmDialog
          title="Roll back?"
          fields={[{ name: 'reason', label: 'Reason', required: true }]}
          confirmLabel="Roll back now"
          onCancel={() => setOpen(false)}
          onConfirm={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

afterEach(() => cleanup());

describe('confirm dialog', () => {
  it('keeps Tab inside, closes on Escape from anywhere, and gives focus back', () => {
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'Roll back' });
    opener.focus();
    fireEvent.click(opener);
    const reason = screen.getByLabelText(/Reason/);
    expect(document.activeElement).toBe(reason);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    // Confirm is disabled until a reason is written, so Cancel is the last stop.
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(reason);
    fireEvent.keyDown(reason, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
