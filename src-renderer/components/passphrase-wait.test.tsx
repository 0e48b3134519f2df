// @vitest-environment jsdom
/**
 * A host waiting for a key passphrase, in the console's host details: the wait in words
 * (the same words as `ringside status`), "ask again" sends retryPassphrase, and "give up"
 * asks for a reason before it sends giveUpHost. Other hosts show neither button.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import type { HostView } from '../../src-main/core/contract';
import { setApi } from '../api/client';
import { PassphraseWait } from './passphrase-wait';

afterEach(() => cleanup());

const host = (state: HostView['state']): HostView => ({
  name: 'web-07',
  ring: 'canary',
  domain: 'ud-1',
  state,
  version: null,
  labels: {},
  lastOutput: [],
  waitingFor: state === 'needsPassphrase' ? 'waiting for a key passphrase (/k/id_prod)' : null,
});

describe('a host waiting for a key passphrase', () => {
  it('asks again, or gives up with a written reason', async () => {
    const fixture = createFixtureApi({ now: () => 1_700_000_000_000 });
    setApi(fixture.api);
    render(<PassphraseWait host={host('needsPassphrase')} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Ask for the passphrase again' }));
    });
    fireEvent.click(screen.getByRole('button', { name: 'Give up on this host…' }));
    const confirm = screen.getByRole('button', { name: 'Give up (the host fails)' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Why (required)'), {
      target: { value: 'no key holder today' },
    });
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(
      fixture.calls
        .filter((c) => ['retryPassphrase', 'giveUpHost'].includes(c.method))
        .map((c) => [c.method, c.params]),
    ).toEqual([
      ['retryPassphrase', expect.objectContaining({ host: 'web-07' })],
      ['giveUpHost', expect.objectContaining({ host: 'web-07', reason: 'no key holder today' })],
    ]);
  });

  it('shows nothing for a host that waits for nobody', () => {
    const { container } = render(<PassphraseWait host={host('failed')} />);
    expect(container.textContent).toBe('');
  });
});
