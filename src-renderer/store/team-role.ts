/**
 * What this console's database login may do on the open team rollout (the banner's role),
 * applied to the buttons: a command the login cannot send is disabled with the reason, in
 * the same words the banner uses. The database still decides every command sent.
 */
import type { ActionView, TeamRole } from '../../src-main/core/contract';
import { teamRoleRefusalWords } from '../../src-main/core/words';
import { useAppStore } from './app-store';

/** The open team rollout's login and role, or null when the shown rollout is not a team one. */
export function useTeamRole(): { login: string; role: TeamRole } | null {
  const login = useAppStore((s) => s.teamView?.login ?? null);
  const role = useAppStore((s) => s.teamView?.role ?? null);
  const open = useAppStore(
    (s) => s.teamView !== null && s.teamView.rollout === (s.snapshot?.shown?.id ?? null),
  );
  return open && login !== null && role !== null ? { login, role } : null;
}

/**
 * `actions` with every command `team` may not send disabled, its reason the role's; `start`
 * begins a rollout of this console's own, not a team command, so it is left as it is.
 */
export function limitActionsForTeam(
  actions: readonly ActionView[],
  team: { login: string; role: TeamRole } | null,
): ActionView[] {
  const why = team === null ? null : teamRoleRefusalWords(team.login, team.role, 'command');
  if (why === null) {
    return [...actions];
  }
  return actions.map((a) => (a.id === 'start' || !a.enabled ? a : { ...a, enabled: false, why }));
}
