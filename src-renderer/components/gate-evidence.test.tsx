// @vitest-environment jsdom
/**
 * Issue 11, item 3: gate evidence reads like Kayenta's metric table — every gate of the ring
 * side by side, numbers with units, no raw field names (`ringValue`), no epoch printed as
 * `1,795,958,251,018`, ages relative — and it closes with the rollout it belongs to.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { rawTokens } from '../../test/helpers/human-words';
import { setApi } from '../api/client';
import { RolloutView } from '../views/rollout-view';
import { applySnapshot } from '../store/actions';
import { resetAppStore } from '../store/app-store';

// The ages are relative to the wall clock (useNow): the fixture's readings are 5 s old.
const NOW = Date.now();

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => NOW }).api);
});
afterEach(() => cleanup());

describe('gate evidence', () => {
  it('shows every gate of the ring side by side, formatted, with relative ages', () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'halted', now: NOW }));
    render(<RolloutView />);
    fireEvent.click(screen.getAllByRole('button', { name: /error-rate: fail/ })[0]!);
    const panel = screen.getByLabelText('Evidence of ring canary');
    const rows = panel.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toMatch(/error-rate.*3\.1 %.*0\.5 %.*18,204 \/ 120,377.*fail/);
    expect(rows[1]?.textContent).toMatch(/p99-latency.*212 ms.*208 ms/);
    expect(panel.textContent).toMatch(/\d+ s ago/);
    expect(panel.textContent).not.toMatch(/\d{1,3}(,\d{3}){4}/);
    expect(rawTokens(panel.innerHTML.replace(/<[^>]+>/g, '\n'))).toEqual([]);
  });

  it('closes when another rollout starts, instead of showing the old one’s data', () => {
    const first = makeFixtureSnapshot({ scenario: 'halted', now: NOW });
    applySnapshot({ ...first, rollout: { ...first.rollout, startedAt: NOW - 60_000 } });
    render(<RolloutView />);
    fireEvent.click(screen.getAllByRole('button', { name: /error-rate: fail/ })[0]!);
    expect(screen.getByLabelText('Evidence of ring canary')).toBeTruthy();
    const next = makeFixtureSnapshot({ scenario: 'baking', now: NOW });
    act(() =>
      applySnapshot({
        ...next,
        revision: first.revision + 1,
        rollout: { ...next.rollout, startedAt: NOW },
      }),
    );
    expect(screen.queryByLabelText('Evidence of ring canary')).toBeNull();
  });
});
