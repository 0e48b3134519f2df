import { runCommand } from '../api/commands';
import { useAppStore } from '../store/app-store';
import { limitActionsForTeam, useTeamRole } from '../store/team-role';
import { buttonClass, reasonGroups, specs } from './action-specs';
import { ConfirmDialog } from './confirm-dialog';
import { PromoteDialog } from './promote-dialog';
import { StartDialog } from './start-dialog';

/**
 * The operator's buttons in one row that stays on screen (Emergency rollback last and always
 * visible); why the disabled ones are unavailable is said once per reason, under the row.
 */
export function ActionBar() {
  const shownActions = useAppStore((s) => s.snapshot?.actions);
  const team = useTeamRole();
  const confirming = useAppStore((s) => s.confirming);
  const busy = useAppStore((s) => s.busy);
  const stale = useAppStore((s) => !s.snapshotFresh);
  if (!shownActions) {
    return null;
  }
  const actions = limitActionsForTeam(shownActions, team);
  const open = actions.find((a) => a.id === confirming);
  const spec = open ? specs[open.id] : null;
  const groups = reasonGroups(actions);
  const disabledCount = actions.filter((a) => !a.enabled).length;
  const close = () => useAppStore.setState({ confirming: null });
  const groupOf = (id: string) => groups.findIndex((g) => g.ids.some((x) => x === id));
  return (
    <section className="panel action-bar" aria-label="Actions">
      {stale ? (
        <p className="why" role="status">
          Connection lost: actions come back once the current state has arrived.
        </p>
      ) : null}
      <div className="actions">
        {actions.map((a) => {
          const g = groupOf(a.id);
          return (
            <button
              key={a.id}
              type="button"
              className={`${buttonClass(a, !busy && !stale)}${a.id === 'emergencyRollback' ? ' emergency' : ''}`}
              disabled={!a.enabled || busy || stale}
              aria-describedby={g >= 0 ? `why-${g}` : undefined}
              title={a.why ?? undefined}
              onClick={() => useAppStore.setState({ confirming: a.id })}
            >
              {a.requiresOverride ? 'Promote with override…' : specs[a.id].label}
            </button>
          );
        })}
      </div>
      {groups.length > 0 ? (
        <ul className="why-list" aria-label="Why unavailable">
          {groups.map((g, i) => (
            <li key={g.why}>
              {groups.length === 1 && g.ids.length === disabledCount && disabledCount > 1 ? (
                <span className="why-who">Unavailable: </span>
              ) : (
                <span className="why-who">{g.ids.map((id) => specs[id].label).join(', ')}: </span>
              )}
              <span className="why" id={`why-${i}`}>
                {g.why}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {open?.id === 'start' ? <StartDialog onClose={close} /> : null}
      {open?.id === 'promote' ? <PromoteDialog action={open} onClose={close} /> : null}
      {open && spec && open.id !== 'start' && open.id !== 'promote' ? (
        <ConfirmDialog
          title={spec.title}
          fields={spec.fields(open)}
          confirmLabel={spec.label}
          danger={spec.danger}
          onCancel={close}
          onConfirm={(values) => {
            useAppStore.setState({ confirming: null });
            void runCommand(spec.label, () => spec.send(values));
          }}
        />
      ) : null}
    </section>
  );
}
