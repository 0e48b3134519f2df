/**
 * The team database's rollouts: list them, open one (its snapshot then arrives like a local
 * rollout's, live), go back to this console's own rollout, and read the open one's banner
 * (who drives it, who else watches), which changes without events and so is asked for.
 */
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { applySnapshot, setView } from './actions';
import { useAppStore } from './app-store';
import { backToLive } from './history-actions';

/** Lists the team's rollouts; a console without a team database keeps the reason to show. */
export async function refreshTeamRollouts(): Promise<void> {
  try {
    const teamRollouts = await getApi().listTeamRollouts();
    useAppStore.setState({ teamRollouts, teamProblem: null });
  } catch (e) {
    useAppStore.setState({
      teamRollouts: null,
      // The reason without the method's name (people read it).
      teamProblem: (e instanceof Error ? e.message : String(e)).replace(/^[A-Za-z]+: /, ''),
    });
  }
}

/** Opens team rollout `rollout` in every view. */
export async function openTeamRollout(rollout: string): Promise<void> {
  const shown = await runCommand('Opening the team rollout', () =>
    getApi().openTeamRollout({ rollout }),
  );
  if (shown === null) {
    return;
  }
  backToLive();
  applySnapshot(shown);
  setView('rollout');
  await refreshTeamView();
  await refreshTeamRollouts();
}

/** Back to this console's own rollout. */
export async function closeTeamRollout(): Promise<void> {
  await runCommand('Closing the team rollout', () => getApi().closeTeamRollout());
  useAppStore.setState({ teamView: null });
  const back = await getApi().getSnapshot();
  applySnapshot(back);
  if (back.workspace === null) {
    // No local workspace to go back to: the team's rollouts are what there is.
    setView('history');
  }
}

/** Reads the open team rollout's banner again. */
export async function refreshTeamView(): Promise<void> {
  try {
    useAppStore.setState({ teamView: await getApi().getTeamRollout() });
  } catch {
    // The banner keeps its last word; the next read tries again.
  }
}
