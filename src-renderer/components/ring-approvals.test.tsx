// @vitest-environment jsdom
/**
 * Issue 13 item 5 on the console: a ring card lists who approved its promotion and when,
 * says in words what it still waits for, and its Approve button sends approvePromotion
 * for that ring.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { applySnapshot } from '../store/actions';
import { resetAppStore } from '../store/app-store';
import { RingStepper } from './ring-stepper';

const NOW = Date.now();
let fixture: FixtureApi;

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
});
afterEach(() => cleanup());

function withApprovals(waiting: string | null) {
  const snapshot = makeFixtureSnapshot({ scenario: 'baking', now: NOW });
  const at = Date.UTC(2026, 10, 29, 12, 3, 7);
  return {
    ...snapshot,
    rings: snapshot.rings.map((r, i) =>
      i === 0
        ? { ...r, approvals: { needed: 2, by: [{ by: 'alice', at, override: null }], waiting } }
        : r,
    ),
  };
}

describe('ring card approvals', () => {
  it('lists approvers with who and when, says what is missing, and approves that ring', async () => {
    applySnapshot(withApprovals('waiting for 1 more approval'));
    render(<RingStepper />);
    const card = screen.getByLabelText(/^Approvals of /);
    expect(card.textContent).toContain('Approvals 1 of 2 · waiting for 1 more approval');
    expect(within(card).getByText('alice at 12:03:07 UTC')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Approve promotion' }));
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'approvePromotion')?.params).toMatchObject({
        ring: card.getAttribute('aria-label')?.replace('Approvals of ', ''),
      }),
    );
  });

  it('offers no Approve button once nothing waits for approvals', () => {
    applySnapshot(withApprovals(null));
    render(<RingStepper />);
    const card = screen.getByLabelText(/^Approvals of /);
    expect(card.textContent).toContain('Approvals 1 of 2');
    expect(within(card).queryByRole('button')).toBeNull();
  });
});
