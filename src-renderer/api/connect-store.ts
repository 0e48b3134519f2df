/**
 * Feeds the store from the API: the first snapshot, series backfill and settings, then every
 * push. Returns a function that unsubscribes everything.
 */
import type { PushPayload, RingsideApi, Unsubscribe } from '../../src-main/core/contract';
import {
  appendHostOutput,
  appendLogLine,
  appendSampleBatch,
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

/** Sample pushes arrive per metric x ring each second; file them in one update per burst. */
function batchedSamples(): { add: (p: PushPayload<'onSamples'>) => void; stop: () => void } {
  let queue: PushPayload<'onSamples'>[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    add: (p) => {
      queue.push(p);
      timer ??= setTimeout(() => {
        timer = null;
        const batch = queue;
        queue = [];
        appendSampleBatch(batch);
      }, 100);
    },
    stop: () => {
      if (timer !== null) {
        clearTimeout(timer);
      }
    },
  };
}

export function connectStore(api: RingsideApi): Unsubscribe {
  const samples = batchedSamples();
  const stops = [
    samples.stop,
    api.onSnapshot(applySnapshot),
    api.onSamples(samples.add),
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
