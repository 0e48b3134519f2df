// @vitest-environment jsdom
/**
 * Issue 11, item 8: the console speaks one vocabulary. Each case is a failure the issue
 * quotes: enum words in pills, a full rolled-back bar reading "0/3 hosts done", a disabled
 * Promote drawn as primary, eight buttons repeating one reason, toasts named after functions,
 * toasts of the previous rollout staying during the next.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionView, ConsoleSnapshot } from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot, type FixtureScenario } from '../../src-main/core/contract/fixtures';
import { rawTokens } from '../../test/helpers/human-words';
import { setApi } from '../api/client';
import { runCommand } from '../api/commands';
import { App } from '../app';
import { applySnapshot, setView, showToast } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { viewIds } from '../store/ui-slice';
import { ActionBar } from './action-bar';
import { RingStepper } from './ring-stepper';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => NOW }).api);
});
afterEach(() => cleanup());

/** Every text node on its own line (textContent runs neighbouring elements together). */
function pageText(): string {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let n = walk.nextNode(); n !== null; n = walk.nextNode()) {
    parts.push(n.textContent ?? '');
  }
  return parts.join('\n');
}

const snap = (scenario: FixtureScenario, patch: Partial<ConsoleSnapshot> = {}) => ({
  ...makeFixtureSnapshot({ scenario, now: NOW }),
  ...patch,
});

describe('one vocabulary in every view', () => {
  it.each(['idle', 'deploying', 'baking', 'halted', 'done'] as const)(
    'reads no enum or function name in any view (%s)',
    (scenario) => {
      applySnapshot(snap(scenario));
      render(<App />);
      for (const view of viewIds) {
        act(() => setView(view));
        expect({ view, raw: rawTokens(pageText()) }).toEqual({
          view,
          raw: [],
        });
      }
    },
  );
});

describe('ring cards', () => {
  it('counts a rolled-back canary as rolled back, not "0/3 hosts done"', () => {
    const base = snap('halted');
    const canary = base.rings[0]!;
    const total = Object.values(canary.counts).reduce((a, b) => a + b, 0);
    const rolled = {
      ...canary,
      status: 'rolledBack' as const,
      counts: { ...canary.counts, done: 0, failed: 0, rolledBack: total },
    };
    applySnapshot({ ...base, rings: [rolled, ...base.rings.slice(1)] });
    render(<RingStepper />);
    const card = screen.getByText('canary').closest('li')!;
    expect(card.textContent).not.toMatch(/0\/\d+ hosts done/);
    expect(card.textContent).toContain(`${total} rolled back`);
    expect(card.textContent).toContain('rolled back');
  });
});

function withActions(actions: ActionView[]) {
  applySnapshot(snap('idle', { actions }));
  render(<ActionBar />);
}
const act_ = (id: ActionView['id'], enabled: boolean, why: string | null, override = false) => ({
  id,
  enabled,
  why,
  requiresOverride: override,
});

describe('action bar', () => {
  it('says one reason once when every unavailable action shares it', () => {
    const why = 'no rollout has been started';
    withActions([
      act_('start', true, null),
      ...(
        [
          'pause',
          'resume',
          'promote',
          'abort',
          'halt',
          'rollbackRing',
          'rollbackAll',
          'emergencyRollback',
        ] as const
      ).map((id) => act_(id, false, why)),
    ]);
    expect(screen.getAllByText(why)).toHaveLength(1);
    expect(screen.getByRole('list', { name: /unavailable/ }).textContent).toBe(
      `Unavailable: ${why}`,
    );
  });

  it('never draws a disabled Promote as the primary button', () => {
    withActions([act_('promote', false, 'the ring is not baked yet')]);
    const promote = screen.getByRole('button', { name: 'Promote' });
    expect(promote).toHaveProperty('disabled', true);
    expect(promote.className).not.toContain('primary');
  });

  it('draws a promotion that needs an override as a destructive path, not the primary one', () => {
    withActions([act_('promote', true, 'gates not all passing', true)]);
    const promote = screen.getByRole('button', { name: /Promote with override/ });
    expect(promote.className).toContain('danger');
    expect(promote.className).not.toContain('primary');
  });

  it('draws Promote as primary when the ring can be promoted as is', () => {
    withActions([act_('promote', true, null)]);
    expect(screen.getByRole('button', { name: 'Promote' }).className).toContain('primary');
  });
});

describe('toasts', () => {
  it('name what the person did, not the function ("exportTimeline: …")', async () => {
    await runCommand('Export', () =>
      Promise.reject(new Error('exportTimeline: no rollout has been started (start one first)')),
    );
    const text = useAppStore.getState().toasts[0]?.text ?? '';
    expect(text).toBe('Export did not happen: no rollout has been started (start one first)');
    expect(rawTokens(text)).toEqual([]);
  });

  it('leave with their rollout when the next one starts', async () => {
    applySnapshot(
      snap('halted', { rollout: { ...snap('halted').rollout, startedAt: NOW - 60_000 } }),
    );
    showToast('error', 'Ring canary halted', { sticky: true });
    expect(useAppStore.getState().toasts).toHaveLength(1);
    const next = snap('deploying');
    applySnapshot({
      ...next,
      revision: next.revision + 10,
      rollout: { ...next.rollout, startedAt: NOW },
    });
    await waitFor(() => expect(useAppStore.getState().toasts).toHaveLength(0));
  });
});
