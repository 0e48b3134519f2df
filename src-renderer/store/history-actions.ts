/**
 * History: list the workspace's rollouts, open a past one read-only (every view then shows
 * it; live pushes wait aside), and go back to the live console.
 */
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { useAppStore, type AppStore } from './app-store';

/** Lists the rollouts again (the History view asks on open and when the shown one changes). */
export async function refreshRollouts(): Promise<void> {
  const rollouts = await runCommand('Listing the rollouts', () => getApi().listRollouts());
  if (rollouts !== null) {
    useAppStore.setState({ rollouts });
  }
}

/** The chart window the live console had: a past rollout is charted whole ("all"). */
let liveWindow: AppStore['window'] | null = null;

/** Shows the live console again. */
export function backToLive(): void {
  const window = liveWindow;
  liveWindow = null;
  useAppStore.setState((s) =>
    s.liveSnapshot === null
      ? {}
      : {
          snapshot: s.liveSnapshot,
          liveSnapshot: null,
          openGate: null,
          selectedHost: null,
          ...(window !== null ? { window } : {}),
        },
  );
}

/** Opens rollout `id` read-only in every view (the live one: back to live). */
export async function openPastRollout(id: string): Promise<void> {
  const past = await runCommand('Opening the rollout', () => getApi().openPastRollout({ id }));
  if (past === null) {
    return;
  }
  if (past.shown?.readOnly !== true) {
    backToLive();
    return;
  }
  liveWindow ??= useAppStore.getState().window;
  useAppStore.setState((s) => ({
    window: 'all',
    liveSnapshot: s.liveSnapshot ?? s.snapshot,
    snapshot: past,
    openGate: null,
    view: 'rollout',
  }));
}
