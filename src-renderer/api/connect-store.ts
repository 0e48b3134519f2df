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
  setChartHistory,
  setLoadError,
  setSeries,
  setSettingsState,
  setView,
  showToast,
  toggleTheme,
} from '../store/actions';
import { useAppStore } from '../store/app-store';
import { addPassphraseRequest } from '../store/passphrase-store';
import { rolloutKey } from '../store/series-merge';
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
    api.getChartHistory({}).then(setChartHistory, () => undefined),
    api.getSettings().then(setSettingsState, () => undefined),
    api.listRecentWorkspaces().then(
      (recent) => useAppStore.setState({ recent }),
      () => undefined,
    ),
    // A team rollout open from the start (serve --team URL?rollout=NAME) has its banner too.
    api.getTeamRollout().then(
      (teamView) => useAppStore.setState({ teamView }),
      () => undefined,
    ),
  ]);
}

/** Sample pushes arrive per metric x ring each second; file them in one update per burst. */
function batchedSamples(): {
  add: (p: PushPayload<'onSamples'>) => void;
  drop: () => void;
  stop: () => void;
} {
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
    drop: () => {
      queue = [];
    },
    stop: () => {
      if (timer !== null) {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * When the snapshot turns to another rollout, the store has moved the old samples to the
 * charts' history; fetch the new rollout's backfill and the history as journaled. Samples still queued are the old rollout's: drop them too. A
 * backfill that answers after a later change is stale and ignored.
 */
function refetchSeriesOnNewRollout(api: RingsideApi, dropQueued: () => void): Unsubscribe {
  let generation = 0;
  return useAppStore.subscribe((state, previous) => {
    if (
      previous.snapshot === null ||
      rolloutKey(state.snapshot) === rolloutKey(previous.snapshot)
    ) {
      return;
    }
    generation += 1;
    const asked = generation;
    dropQueued();
    const shown = state.snapshot?.shown;
    api.getSeries(shown?.readOnly === true ? { rollout: shown.id } : {}).then(
      (all) => {
        if (asked === generation) {
          setSeries(all);
        }
      },
      () => undefined,
    );
    api.getChartHistory({}).then(
      (history) => {
        if (asked === generation) {
          setChartHistory(history);
        }
      },
      () => undefined,
    );
  });
}

export function connectStore(api: RingsideApi): Unsubscribe {
  const samples = batchedSamples();
  const stops = [
    samples.stop,
    refetchSeriesOnNewRollout(api, samples.drop),
    api.onSnapshot(applySnapshot),
    api.onSamples(samples.add),
    api.onLogLine(appendLogLine),
    api.onHostOutput(appendHostOutput),
    api.onPassphraseRequest(addPassphraseRequest),
    api.onNotification((n) =>
      // Halts and failed gates stay until dismissed; "waiting for promotion" is only news.
      n.kind === 'waiting-promotion'
        ? showToast('info', n.text)
        : showToast('error', n.text, { sticky: true }),
    ),
    api.onMenuCommand(({ command }) => {
      if (command === 'theme:toggle') {
        toggleTheme();
      } else {
        setView(command.slice('view:'.length) as ViewId);
      }
    }),
  ];
  void refreshAll(api).then(() => {
    // No local workspace (a team console started without a plan): start on the team's
    // rollouts rather than on an empty Rollout view.
    const first = useAppStore.getState().snapshot;
    if (first && first.workspace === null) {
      setView('history');
    }
  });
  return () => stops.forEach((stop) => stop());
}
