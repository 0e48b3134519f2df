// @vitest-environment jsdom
/**
 * The passphrase modal, wired as in the app: a push from main opens it, Unlock sends the
 * typed passphrase with the remember choice, Skip and Escape decline, and the typed text
 * shows nowhere but in the password field.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { setApi } from '../api/client';
import { connectStore } from '../api/connect-store';
import { usePassphraseStore } from '../store/passphrase-store';
import { PassphraseDialog } from './passphrase-dialog';

let fixture: FixtureApi;
let stop: () => void;

beforeEach(() => {
  fixture = createFixtureApi({ now: () => 1_700_000_000_000 });
  setApi(fixture.api);
  stop = connectStore(fixture.api);
  usePassphraseStore.setState({ requests: [] });
});

afterEach(() => {
  cleanup();
  stop();
});

const ask = (id: string, note: string | null = null) =>
  act(() =>
    fixture.hub.emit('onPassphraseRequest', { id, keyPath: '/home/op/.ssh/id_prod', note }),
  );

describe('passphrase dialog', () => {
  it('opens on a request, sends the passphrase with the remember choice, then closes', async () => {
    render(<PassphraseDialog />);
    expect(screen.queryByRole('dialog')).toBeNull();
    ask('pp-1');
    expect(screen.getByRole('dialog').textContent).toContain('/home/op/.ssh/id_prod');
    const field = screen.getByLabelText('Passphrase');
    expect(field.getAttribute('type')).toBe('password');
    expect(document.activeElement).toBe(field);
    const unlock = screen.getByRole('button', { name: 'Unlock' });
    expect((unlock as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'open sesame' } });
    fireEvent.click(screen.getByLabelText(/Remember/));
    expect(document.body.textContent).not.toContain('open sesame');
    await act(async () => {
      fireEvent.click(unlock);
    });
    expect(fixture.calls.filter((c) => c.method === 'providePassphrase')).toEqual([
      { method: 'providePassphrase', params: { id: 'pp-1', given: true, remember: true } },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Skip and Escape decline; the next request starts with an empty field and shows its note', async () => {
    render(<PassphraseDialog />);
    ask('pp-1');
    ask('pp-2', 'the remembered passphrase did not unlock this key; it was forgotten');
    ask('pp-1'); // a repeat is not queued twice
    expect(usePassphraseStore.getState().requests).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'typed' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Skip key' }));
    });
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('alert').textContent).toMatch(/did not unlock/);
    await act(async () => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(
      fixture.calls.filter((c) => c.method === 'providePassphrase').map((c) => c.params),
    ).toEqual([
      { id: 'pp-1', given: false, remember: false },
      { id: 'pp-2', given: false, remember: false },
    ]);
  });
});
