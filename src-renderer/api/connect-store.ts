/**
 * Feeds the store from the API: the first snapshot, series backfill and settings, then every
 * push. Returns a function that unsubscribes everything.
 */
import type { RingsideApi, Unsubscribe } from '../../src-main/core/contract';
import {
  appendHostOutput,
  appendLogLine,
  appendSamples,
  applySnapshot,
  setLoadError,
  setSeries,
  setSettingsState,
  setView,
  showToast,
  toggleTheme,
} from '../store/actions';
import { useAppStore } from '../store/app-store';
import type { ViewId } from '../store/ui-slice';

/** Fetches everything a view needs once; errors become the load error state. */
export async function refreshAll(api: RingsideApi): Promise<void> {
  try {
    applySnapshot(await api.getSnapshot());
  } catch (e) {
    setLoadError(e instanceof Error ? e.message : String(e));
    return;
  }
  // Series and settings are optional extras: their failure must not hide the snapshot.
  await Promise.all([
    api.getSeries({}).then(setSeries, () => undefined),
    api.getSettings().then(setSettingsState, () => undefined),
    api.listRecentWorkspaces().then(
      (recent) => useAppStore.setState({ recent }),
      () => undefined,
    ),
  ]);
}

export function connectStore(api: RingsideApi): Unsubscribe {
  const stops = [
    api.onSnapshot(applySnapshot),
    api.onSamples(appendSamples),
    api.onLogLine(appendLogLine),
    api.onHostOutput(appendHostOutput),
    api.onNotification((n) => showToast(n.kind === 'waiting-promotion' ? 'info' : 'error', n.text)),
    api.onMenuCommand(({ command }) => {
      if (command === 'theme:toggle') {
        toggleTheme();
      } else {
        setView(command.slice('view:'.length) as ViewId);
      }
    }),
  ];
  void refreshAll(api);
  return () => stops.forEach((stop) => stop());
}
